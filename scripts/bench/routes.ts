import type pg from 'pg'
import type { Db } from '../../server/database/client'
import { deleteProjectChat, deleteProjectChats } from '../../server/database/queries/project-chats'
import { listProjectChatsJson, type ProjectChatsListRequest, type ProjectChatsListResult } from '../../server/database/queries/project-chats-list'
import type { OrderKey } from '../../shared/utils/order-by'
import { trimLastExchange } from '../../server/database/queries/trim-last-exchange'
import type { ReceiptSource } from '../../server/receipts/source'
import type { Session } from './http'
import { rawDeleteProjectChats, rawTrimLastExchange } from './raw-sql'
import type { SeedResult } from './seed'

const BENCH_RECEIPT: ReceiptSource = { actor: { kind: 'user' }, route: 'bench', requestId: null }

/** One call of a column; answers the SQL statements it ran (BEGIN/COMMIT not counted), if known. */
export type Call = (i: number) => Promise<number | undefined>

export interface RouteBench {
  name: string
  http: Call
  /** Absent for the HTTP-only baseline. */
  dataLayer?: Call
  raw?: Call
}

/** What HTTP costs without SQL: the session check of every route, then a JSON answer. */
export function sessionBaseline(session: Session): RouteBench {
  return { name: 'GET /api/auth/session (no SQL: HTTP + cookie baseline)', http: async () => (await session.expect(200, 'GET', '/api/auth/session')).statements }
}

/** Statements the data layer sent, counted by drizzle's logger; the last one kept for the raw floor. */
export interface StatementLog {
  count: number
  last?: { query: string, params: unknown[] }
}

export interface BenchContext {
  session: Session
  projectId: number
  scratchProjectId: number
  /** The chats the measured project holds, to check each list answer is complete. */
  expectedChats: number
  db: Db
  log: StatementLog
  raw: pg.Client
  seeded: SeedResult
}

/** What the route makes of `order_by`: the keys, then `id` in the direction of the last key. */
const DEFAULT_KEYS: OrderKey[] = [{ column: 'updated_at', direction: 'desc' }, { column: 'id', direction: 'desc' }]
const NAME_KEYS: OrderKey[] = [{ column: 'name', direction: 'asc' }, { column: 'created_at', direction: 'desc' }, { column: 'id', direction: 'desc' }]
const LIST_ORDERS: { label: string, query: string, request: ProjectChatsListRequest, expected?: number }[] = [
  { label: 'GET list (default order)', query: '', request: { order: DEFAULT_KEYS } },
  { label: 'GET list (order_by=name:asc,created_at:desc)', query: '?order_by=name:asc,created_at:desc', request: { order: NAME_KEYS } },
  { label: 'GET list ?limit=50 (default order)', query: '?limit=50', request: { order: DEFAULT_KEYS, page: { limit: 50 } }, expected: 50 },
  { label: 'GET list ?limit=50&order_by=name:asc,created_at:desc', query: '?limit=50&order_by=name:asc,created_at:desc', request: { order: NAME_KEYS, page: { limit: 50 } }, expected: 50 },
]

const chatsIn = (result: ProjectChatsListResult): number => {
  if (result.kind === 'all') return (JSON.parse(result.body) as { chats: unknown[] }).chats.length
  if (result.kind === 'page') return (JSON.parse(result.chats) as unknown[]).length
  return -1
}

/** Counts the data layer's statements during one call (calls of a column run one at a time). */
async function counted(log: StatementLog, run: () => Promise<void>): Promise<number> {
  const before = log.count
  await run()
  return log.count - before
}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message)
}

export interface ListQuery { label: string, sql: string, params: unknown[], bytes: number }

/** The list routes, with the SQL drizzle generates for them (captured once, replayed as text by the floor). */
export async function listBenches(ctx: BenchContext): Promise<{ benches: RouteBench[], queries: ListQuery[] }> {
  const { session, projectId, db, log, raw, expectedChats } = ctx
  const userId = session.userId
  const benches: RouteBench[] = []
  const queries: ListQuery[] = []
  for (const order of LIST_ORDERS) {
    const expected = Math.min(order.expected ?? expectedChats, expectedChats)
    const first = await listProjectChatsJson(db, userId, projectId, order.request)
    check(chatsIn(first) === expected, `${order.label}: data layer listed ${chatsIn(first)}, expected ${expected} chats`)
    check(log.last !== undefined, 'the data layer logged no statement')
    const { query: sqlText, params } = log.last
    const path = `/api/users/${userId}/projects/${projectId}/chats${order.query}`
    const httpAnswer = await session.expect(200, 'GET', path)
    const listed = (JSON.parse(httpAnswer.body) as { chats: unknown[] }).chats.length
    check(listed === expected, `${order.label}: HTTP listed ${listed}, expected ${expected} chats`)
    queries.push({ label: order.label, sql: sqlText, params, bytes: httpAnswer.bytes })
    benches.push({
      name: order.label,
      http: async () => (await session.expect(200, 'GET', path)).statements,
      dataLayer: () => counted(log, async () => {
        const result = await listProjectChatsJson(db, userId, projectId, order.request)
        check(result.kind !== 'project_not_found', `${order.label}: ${result.kind}`)
      }),
      raw: async () => {
        await raw.query(sqlText, params)
        return 1
      },
    })
  }
  return { benches, queries }
}

export function deleteAndTrimBenches(ctx: BenchContext, batchSize: number): RouteBench[] {
  const { session, scratchProjectId: projectId, db, log, raw, seeded } = ctx
  const userId = session.userId
  const base = `/api/users/${userId}/projects/${projectId}/chats`
  const single = seeded.singleDeleteIds
  const batch = seeded.batchDeleteIds
  const trim = seeded.trimChatIds
  return [
    {
      name: 'DELETE one chat',
      http: async i => (await session.expect(200, 'DELETE', `${base}/${single[0]![i]}`)).statements,
      dataLayer: i => counted(log, async () => {
        const result = await deleteProjectChat(db, userId, projectId, single[1]![i]!, BENCH_RECEIPT)
        check(result.kind === 'deleted', `delete one: ${result.kind}`)
      }),
      raw: i => rawDeleteProjectChats(raw, userId, projectId, [single[2]![i]!]),
    },
    {
      name: `DELETE batch of ${batchSize}`,
      http: async i => (await session.expect(200, 'DELETE', base, { chat_ids: batch[0]![i] })).statements,
      dataLayer: i => counted(log, async () => {
        const result = await deleteProjectChats(db, userId, projectId, batch[1]![i]!, BENCH_RECEIPT)
        check(result.kind === 'deleted', `delete batch: ${result.kind}`)
      }),
      raw: i => rawDeleteProjectChats(raw, userId, projectId, batch[2]![i]!),
    },
    {
      name: 'DELETE …/messages/last (trim)',
      http: async () => (await session.expect(200, 'DELETE', `/api/users/${userId}/chats/${trim[0]}/messages/last`)).statements,
      dataLayer: () => counted(log, async () => {
        const result = await trimLastExchange(db, userId, trim[1]!, BENCH_RECEIPT)
        check(result.kind === 'exchange' && result.user !== undefined, `trim: ${result.kind}`)
      }),
      raw: () => rawTrimLastExchange(raw, userId, trim[2]!),
    },
  ]
}
