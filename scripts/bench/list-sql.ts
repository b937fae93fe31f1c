import { PgDialect } from 'drizzle-orm/pg-core'
import type { SQL } from 'drizzle-orm'
import type { DbOrTx } from '../../server/database/client'
import { listProjectChatsJson, type ProjectChatsListRequest } from '../../server/database/queries/project-chats-list'

// The list statements as the app's query module builds them, as SQL text and parameters, so the
// floor and the EXPLAINs run exactly what the app runs (without drizzle at request time).

const DEFAULT_ORDER = [{ column: 'updated_at', direction: 'desc' }, { column: 'id', direction: 'desc' }] as const

export const LIST_SHAPES = {
  all: { order: DEFAULT_ORDER },
  page50: { order: DEFAULT_ORDER, page: { limit: 50 } },
  page50ByName: { order: [{ column: 'name', direction: 'asc' }, { column: 'created_at', direction: 'desc' }, { column: 'id', direction: 'desc' }], page: { limit: 50 } },
} satisfies Record<string, ProjectChatsListRequest>

// Stand-ins no real id equals, swapped for the real ones per call.
const USER = 2_000_000_001
const PROJECT = 2_000_000_002

export interface CapturedStatement {
  sql: string
  params: (userId: number, projectId: number) => unknown[]
}

/** Runs the query function against a db that only records the statement it would send. */
export function capturedStatement(request: ProjectChatsListRequest): CapturedStatement {
  let captured: { sql: string, params: unknown[] } | undefined
  const recorder = {
    execute: async (query: SQL) => {
      captured = new PgDialect().sqlToQuery(query)
      return { rows: [] }
    },
  } as unknown as DbOrTx
  void listProjectChatsJson(recorder, USER, PROJECT, request)
  if (!captured) throw new Error('the list query sent nothing')
  const { sql, params } = captured
  return { sql, params: (userId, projectId) => params.map(value => value === USER ? userId : value === PROJECT ? projectId : value) }
}
