import type { H3Event } from 'h3'
import { PROJECT_CHAT_SORT_COLUMNS } from '#shared/utils/chat-sort'
import type { ProjectChatsListRequest, ProjectChatSortKey } from '#server/database/queries/project-chats-list'

// The query of GET …/projects/:pid/chats: the seed's order_by, and the optional limit, cursor, q.

const ORDER_BY = {
  columns: PROJECT_CHAT_SORT_COLUMNS,
  fallback: [{ column: 'updated_at', direction: 'desc' }],
  tieBreaker: 'id',
} as const

export const MAX_PAGE_SIZE = 1000
const MAX_Q_LENGTH = 200
const LIMIT = /^[1-9]\d{0,3}$/
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/
const INT = /^[1-9]\d{0,9}$/

/**
 * What a cursor carries: the listing it continues (order, q, page size) and the sort keys of the
 * last chat seen, as text (timestamps to the microsecond: a JS Date would lose them).
 */
interface CursorState { o: string, q: string, l: number, k: string[] }

const invalid = (name: string, message: string, code = 'invalid_value') => badRequest([{ code, message: `Invalid ${name}: ${message}` }])

function single(raw: unknown, name: string): string | undefined {
  if (raw === undefined) return undefined
  if (typeof raw !== 'string') throw invalid(name, 'give it once', 'invalid_type')
  return raw
}

const orderText = (order: readonly ProjectChatSortKey[]) => order.map(key => `${key.column}:${key.direction}`).join(',')

export function encodeChatListCursor(order: readonly ProjectChatSortKey[], q: string, limit: number, keys: readonly string[]): string {
  const state: CursorState = { o: orderText(order), q, l: limit, k: [...keys] }
  return Buffer.from(JSON.stringify(state)).toString('base64url')
}

function decodeCursor(raw: string): { order: ProjectChatSortKey[], state: CursorState } {
  let state: CursorState
  try {
    state = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'))
  }
  catch {
    throw invalid('cursor', 'not a cursor this list gave out')
  }
  const order = wellFormed(state) ? orderOf(state.o) : undefined
  if (!order || order.length !== state.k.length || !order.every((key, i) => keyValid(key, state.k[i]!))) {
    throw invalid('cursor', 'not a cursor this list gave out')
  }
  return { order, state }
}

function orderOf(text: string): ProjectChatSortKey[] | undefined {
  try {
    return parseOrderBy(text, ORDER_BY)
  }
  catch {
    return undefined
  }
}

function wellFormed(state: unknown): state is CursorState {
  if (typeof state !== 'object' || state === null) return false
  const { o, q, l, k } = state as Record<string, unknown>
  return typeof o === 'string' && typeof q === 'string' && q.length <= MAX_Q_LENGTH
    && typeof l === 'number' && Number.isInteger(l) && l >= 1 && l <= MAX_PAGE_SIZE
    && Array.isArray(k) && k.every(value => typeof value === 'string')
}

function keyValid(key: ProjectChatSortKey, value: string): boolean {
  if (key.column === 'id') return INT.test(value) && Number(value) <= 2_147_483_647
  if (key.column === 'created_at' || key.column === 'updated_at') return TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value))
  return value.length <= 10_000
}

export interface ChatListQuery extends ProjectChatsListRequest {
  /** For next_cursor: what the cursor must say to continue this listing. */
  q: string
}

/**
 * order_by as the seed has it; limit 1–1000 and cursor make it a page. A cursor alone continues
 * its listing (same order, q and page size); an order_by or q that contradicts it is a 400, a
 * limit changes the page size.
 */
export function parseChatListQuery(event: H3Event): ChatListQuery {
  const query = getQuery(event)
  const rawLimit = single(query.limit, 'limit')
  const rawCursor = single(query.cursor, 'cursor')
  const rawQ = single(query.q, 'q')
  let order = parseOrderBy(query.order_by, ORDER_BY)
  if (rawLimit !== undefined && (!LIMIT.test(rawLimit) || Number(rawLimit) > MAX_PAGE_SIZE)) throw invalid('limit', `an integer from 1 to ${MAX_PAGE_SIZE}`)
  if (rawQ !== undefined && rawQ.length > MAX_Q_LENGTH) throw invalid('q', `at most ${MAX_Q_LENGTH} characters`)
  let q = rawQ ?? ''
  let limit = rawLimit === undefined ? undefined : Number(rawLimit)
  if (rawCursor === undefined) return { order, q, page: limit === undefined ? undefined : { limit } }

  const cursor = decodeCursor(rawCursor)
  if (query.order_by !== undefined && orderText(order) !== cursor.state.o) throw invalid('cursor', 'it continues another order_by')
  if (rawQ !== undefined && rawQ !== cursor.state.q) throw invalid('cursor', 'it continues another q')
  order = cursor.order
  q = cursor.state.q
  limit ??= cursor.state.l
  return { order, q, page: { limit, after: cursor.state.k } }
}
