import type { H3Event } from 'h3'
import { decodeCursor, encodeCursor } from '#shared/utils/cursor'
import { formatOrderBy, parseOrderBy, withTieBreaker, type OrderKey } from '#shared/utils/order-by'
import type { ProjectChatsListRequest } from '#server/database/queries/project-chats-list'

// The query of GET …/projects/:pid/chats (docs/api.md): order_by, and the optional limit, cursor, q, kept.

const MAX_PAGE_SIZE = 1000
const MAX_Q_LENGTH = 200
const LIMIT = /^[1-9]\d{0,3}$/
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/
const INT = /^[1-9]\d{0,9}$/

/**
 * What a cursor carries: the listing it continues (order, q, page size) and the sort keys of the
 * last chat seen, as text (timestamps to the microsecond: a JS Date would lose them).
 */
interface CursorState { o: string, q: string, l: number, k: string[], kp?: boolean }

const invalid = (name: string, message: string, code = 'invalid_value') => badRequest([{ code, message: `Invalid ${name}: ${message}` }])

function single(raw: unknown, name: string): string | undefined {
  if (raw === undefined) return undefined
  if (typeof raw !== 'string') throw invalid(name, 'give it once', 'invalid_type')
  return raw
}

/** order_by with the tie-breaker appended; a bad one is the 400 naming what is wrong. */
function requireOrderBy(raw: unknown): OrderKey[] {
  const parsed = parseOrderBy(raw)
  if (!parsed.ok) throw badRequest([parsed.issue])
  return withTieBreaker(parsed.keys)
}

export function encodeChatListCursor(order: readonly OrderKey[], q: string, limit: number, keys: readonly string[], kept?: boolean): string {
  const state: CursorState = { o: formatOrderBy(order), q, l: limit, k: [...keys], ...(kept === undefined ? {} : { kp: kept }) }
  return encodeCursor(state)
}

/** A cursor this list gave out, or the 400. */
function readChatListCursor(raw: string): { order: OrderKey[], state: CursorState } {
  const state = decodeCursor(raw)
  const parsed = wellFormed(state) ? parseOrderBy(state.o) : undefined
  const order = parsed?.ok ? withTieBreaker(parsed.keys) : undefined
  if (!wellFormed(state) || !order || order.length !== state.k.length || !order.every((key, i) => keyValid(key, state.k[i]!))) {
    throw invalid('cursor', 'not a cursor this list gave out')
  }
  return { order, state }
}

function wellFormed(state: unknown): state is CursorState {
  if (typeof state !== 'object' || state === null) return false
  const { o, q, l, k, kp } = state as Record<string, unknown>
  return (kp === undefined || typeof kp === 'boolean') && typeof o === 'string' && typeof q === 'string' && q.length <= MAX_Q_LENGTH
    && typeof l === 'number' && Number.isInteger(l) && l >= 1 && l <= MAX_PAGE_SIZE
    && Array.isArray(k) && k.every(value => typeof value === 'string')
}

function keyValid(key: OrderKey, value: string): boolean {
  if (key.column === 'id') return INT.test(value) && Number(value) <= 2_147_483_647
  if (key.column === 'created_at' || key.column === 'updated_at') return TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value))
  return value.length <= 10_000
}

export interface ChatListQuery extends ProjectChatsListRequest {
  /** For next_cursor: what the cursor must say to continue this listing. */
  q: string
}

/** `kept=true` or `kept=false`; absent: undefined (every chat). */
function optionalKept(raw: string | undefined): boolean | undefined {
  if (raw === undefined) return undefined
  if (raw !== 'true' && raw !== 'false') throw invalid('kept', 'true or false')
  return raw === 'true'
}

/** The filters alone (q, kept), for GET …/chats/count. */
export function parseChatFilterQuery(event: H3Event): { q: string, kept?: boolean } {
  const query = getQuery(event)
  const rawQ = single(query.q, 'q')
  if (rawQ !== undefined && rawQ.length > MAX_Q_LENGTH) throw invalid('q', `at most ${MAX_Q_LENGTH} characters`)
  return { q: rawQ ?? '', kept: optionalKept(single(query.kept, 'kept')) }
}

/**
 * order_by as #shared/utils/order-by reads it; limit 1–1000 and cursor make it a page. A cursor
 * alone continues its listing (same order, q, kept and page size); an order_by, q or kept that
 * contradicts it is a 400, a limit changes the page size.
 */
export function parseChatListQuery(event: H3Event): ChatListQuery {
  const query = getQuery(event)
  let kept = optionalKept(single(query.kept, 'kept'))
  const rawLimit = single(query.limit, 'limit')
  const rawCursor = single(query.cursor, 'cursor')
  const rawQ = single(query.q, 'q')
  let order = requireOrderBy(query.order_by)
  if (rawLimit !== undefined && (!LIMIT.test(rawLimit) || Number(rawLimit) > MAX_PAGE_SIZE)) throw invalid('limit', `an integer from 1 to ${MAX_PAGE_SIZE}`)
  if (rawQ !== undefined && rawQ.length > MAX_Q_LENGTH) throw invalid('q', `at most ${MAX_Q_LENGTH} characters`)
  let q = rawQ ?? ''
  let limit = rawLimit === undefined ? undefined : Number(rawLimit)
  if (rawCursor === undefined) return { order, q, kept, page: limit === undefined ? undefined : { limit } }

  const cursor = readChatListCursor(rawCursor)
  if (query.order_by !== undefined && formatOrderBy(order) !== cursor.state.o) throw invalid('cursor', 'it continues another order_by')
  if (rawQ !== undefined && rawQ !== cursor.state.q) throw invalid('cursor', 'it continues another q')
  if (query.kept !== undefined && kept !== cursor.state.kp) throw invalid('cursor', 'it continues another kept')
  order = cursor.order
  q = cursor.state.q
  kept = cursor.state.kp
  limit ??= cursor.state.l
  return { order, q, kept, page: { limit, after: cursor.state.k } }
}
