import type { H3Event } from 'h3'
import { decodeCursor, encodeCursor } from '#shared/utils/cursor'
import { chatFilterParams, parseChatFilters, type ChatFilters } from '#shared/utils/chat-filters'
import { DEFAULT_SEARCH_ORDER, formatOrderBy, parseOrderBy, withTieBreaker, type OrderKey } from '#shared/utils/order-by'
import { MAX_Q_LENGTH, parseSearchQuery } from '#shared/utils/search-query'
import type { ProjectChatsListRequest } from '#server/database/queries/project-chats-list'
import type { ChatSearch } from '#server/search'

// The query of GET …/projects/:pid/chats (docs/api.md): order_by, the optional limit and cursor,
// and the search: q and the filters (#shared/utils/search-query, #shared/utils/chat-filters).

const MAX_PAGE_SIZE = 1000
const LIMIT = /^[1-9]\d{0,3}$/
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/
const INT = /^[1-9]\d{0,9}$/
const INT8 = /^(?:0|[1-9]\d{0,18})$/

/**
 * What a cursor carries: the listing it continues (order, q, filters, page size) and the sort keys
 * of the last chat seen, as text (timestamps to the microsecond: a JS Date would lose them).
 */
interface CursorState { o: string, q: string, f?: Record<string, string>, l: number, k: string[] }

const invalid = (name: string, message: string, code = 'invalid_value') => badRequest([{ code, message: `Invalid ${name}: ${message}` }])

function single(raw: unknown, name: string): string | undefined {
  if (raw === undefined) return undefined
  if (typeof raw !== 'string') throw invalid(name, 'give it once', 'invalid_type')
  return raw
}

/** order_by with the tie-breaker appended (a search's default: relevance); a bad one is the 400 naming what is wrong. */
function requireOrderBy(raw: unknown, searching: boolean): OrderKey[] {
  const parsed = raw === undefined && searching ? { ok: true as const, keys: [...DEFAULT_SEARCH_ORDER] } : parseOrderBy(raw)
  if (!parsed.ok) throw badRequest([parsed.issue])
  if (!searching && parsed.keys.some(key => key.column === 'relevance')) throw invalid('order_by', 'relevance orders search results: give q')
  return withTieBreaker(parsed.keys)
}

export function encodeChatListCursor(query: ChatListQuery, keys: readonly string[]): string {
  const state: CursorState = { o: formatOrderBy(query.order), q: query.q, f: chatFilterParams(query.search.filters), l: query.page!.limit, k: [...keys] }
  return encodeCursor(state)
}

/** A cursor this list gave out, or the 400. */
function readChatListCursor(raw: string): { order: OrderKey[], state: CursorState, search: ChatSearch } {
  const state = decodeCursor(raw)
  const parsed = wellFormed(state) ? parseOrderBy(state.o) : undefined
  const order = parsed?.ok ? withTieBreaker(parsed.keys) : undefined
  const q = wellFormed(state) ? parseSearchQuery(state.q) : undefined
  const filters = wellFormed(state) ? parseChatFilters(state.f ?? {}) : undefined
  if (!wellFormed(state) || !order || !q?.ok || !filters?.ok || order.length !== state.k.length || !order.every((key, i) => keyValid(key, state.k[i]!))
    || (!q.query && order.some(key => key.column === 'relevance'))) {
    throw invalid('cursor', 'not a cursor this list gave out')
  }
  return { order, state, search: { query: q.query, filters: filters.filters } }
}

function wellFormed(state: unknown): state is CursorState {
  if (typeof state !== 'object' || state === null) return false
  const { o, q, f, l, k } = state as Record<string, unknown>
  return typeof o === 'string' && typeof q === 'string' && q.length <= MAX_Q_LENGTH
    && (f === undefined || (typeof f === 'object' && f !== null && !Array.isArray(f)))
    && typeof l === 'number' && Number.isInteger(l) && l >= 1 && l <= MAX_PAGE_SIZE
    && Array.isArray(k) && k.every(value => typeof value === 'string')
}

function keyValid(key: OrderKey, value: string): boolean {
  if (key.column === 'id') return INT.test(value) && Number(value) <= 2_147_483_647
  if (key.column === 'relevance') return INT8.test(value) && BigInt(value) <= 9_223_372_036_854_775_807n
  if (key.column === 'created_at' || key.column === 'updated_at') return TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value))
  return value.length <= 10_000
}

export interface ChatListQuery extends ProjectChatsListRequest {
  /** For next_cursor: what the cursor must say to continue this listing. */
  q: string
  search: ChatSearch
}

/** q and the filters (the count route's whole query), or the 400 naming the problem. */
export function parseChatSearch(query: Record<string, unknown>): { q: string, search: ChatSearch } {
  const q = single(query.q, 'q') ?? ''
  const parsedQ = parseSearchQuery(q)
  if (!parsedQ.ok) throw badRequest([parsedQ.issue])
  const filters = parseChatFilters(query)
  if (!filters.ok) throw badRequest([filters.issue])
  return { q: parsedQ.query ? q : '', search: { query: parsedQ.query, filters: filters.filters } }
}

/** q and the filters alone, for the routes that take a listing's chats without paging it (export). */
export function parseChatFilterQuery(event: H3Event): ChatSearch {
  return parseChatSearch(getQuery(event)).search
}

/** The first filter given beside a cursor that is not the cursor's own. */
function contradictedFilter(given: ChatFilters, cursor: ChatFilters): string | undefined {
  const ours = chatFilterParams(cursor)
  return Object.entries(chatFilterParams(given)).find(([name, value]) => ours[name] !== value)?.[0]
}

/**
 * order_by as #shared/utils/order-by reads it; limit 1–1000 and cursor make it a page. A cursor
 * alone continues its listing (same order, q, filters and page size); an order_by, q or filter
 * that contradicts it is a 400, a limit changes the page size.
 */
export function parseChatListQuery(event: H3Event): ChatListQuery {
  const query = getQuery(event)
  const rawLimit = single(query.limit, 'limit')
  const rawCursor = single(query.cursor, 'cursor')
  const rawQ = single(query.q, 'q')
  const given = parseChatSearch(query)
  let order = requireOrderBy(query.order_by, given.search.query !== null)
  if (rawLimit !== undefined && (!LIMIT.test(rawLimit) || Number(rawLimit) > MAX_PAGE_SIZE)) throw invalid('limit', `an integer from 1 to ${MAX_PAGE_SIZE}`)
  let limit = rawLimit === undefined ? undefined : Number(rawLimit)
  if (rawCursor === undefined) return { order, ...given, page: limit === undefined ? undefined : { limit } }

  const cursor = readChatListCursor(rawCursor)
  if (query.order_by !== undefined && formatOrderBy(order) !== cursor.state.o) throw invalid('cursor', 'it continues another order_by')
  if (rawQ !== undefined && given.q !== cursor.state.q) throw invalid('cursor', 'it continues another q')
  const contradicted = contradictedFilter(given.search.filters, cursor.search.filters)
  if (contradicted) throw invalid('cursor', `it continues another ${contradicted}`)
  order = cursor.order
  limit ??= cursor.state.l
  return { order, q: cursor.state.q, search: cursor.search, page: { limit, after: cursor.state.k } }
}
