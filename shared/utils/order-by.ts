// The `order_by` of GET …/projects/:pid/chats (docs/api.md, "GET /api/users/[user_id]/projects/
// [project_id]/chats"): `column:direction[,column:direction…]`, e.g. `name:asc,updated_at:desc`.
// One grammar for the server (a 400 naming the problem), the chats page (the sort in its URL) and
// the composable (what it sends).

/**
 * The whitelist: the only columns order_by names, and the only ones that reach SQL. `relevance`
 * orders search results (with `q` only): chats whose name matches first, then by matching messages.
 */
export const ORDER_BY_COLUMNS = ['id', 'name', 'model', 'created_at', 'updated_at', 'relevance'] as const
export type OrderByColumn = typeof ORDER_BY_COLUMNS[number]
export type OrderDirection = 'asc' | 'desc'
export interface OrderKey {
  column: OrderByColumn
  direction: OrderDirection
}

/** The order without order_by. */
export const DEFAULT_ORDER: readonly OrderKey[] = [{ column: 'updated_at', direction: 'desc' }]
/** The order of search results without order_by. */
export const DEFAULT_SEARCH_ORDER: readonly OrderKey[] = [{ column: 'relevance', direction: 'desc' }]
/** Unique, so appended to every order (withTieBreaker) it makes the order total and a keyset exact. */
export const ORDER_TIE_BREAKER = 'id' satisfies OrderByColumn

const DIRECTIONS: readonly string[] = ['asc', 'desc'] satisfies OrderDirection[]

export interface OrderByIssue {
  code: 'invalid_type' | 'invalid_format' | 'invalid_value'
  message: string
}

export type ParsedOrderBy = { ok: true, keys: OrderKey[] } | { ok: false, issue: OrderByIssue }

/**
 * Reads an order_by query value as written (no tie-breaker added); absent → DEFAULT_ORDER.
 * Columns and directions are lower-case words from the lists above; spaces around items and
 * around the colon are allowed; a column may appear once. Anything else is an issue naming what
 * is wrong.
 */
export function parseOrderBy(raw: unknown): ParsedOrderBy {
  if (raw === undefined) return { ok: true, keys: [...DEFAULT_ORDER] }
  if (typeof raw !== 'string') return invalid('invalid_type', 'Invalid order_by: give it once, as "column:direction[,column:direction…]"')
  const keys: OrderKey[] = []
  for (const [index, item] of raw.split(',').entries()) {
    const text = item.trim()
    if (text === '') return invalid('invalid_format', `Invalid order_by: item ${index + 1} is empty`)
    const parts = text.split(':').map(part => part.trim())
    if (parts.length !== 2) return invalid('invalid_format', `Invalid order_by: "${shorten(text)}" is not "column:direction"`)
    const [column, direction] = parts as [string, string]
    if (!(ORDER_BY_COLUMNS as readonly string[]).includes(column)) {
      return invalid('invalid_value', `Invalid order_by: unknown column "${shorten(column)}" (allowed: ${ORDER_BY_COLUMNS.join(', ')})`)
    }
    if (!DIRECTIONS.includes(direction)) {
      return invalid('invalid_value', `Invalid order_by: unknown direction "${shorten(direction)}" for ${column} (allowed: asc, desc)`)
    }
    if (keys.some(key => key.column === column)) return invalid('invalid_value', `Invalid order_by: column ${column} is listed twice`)
    keys.push({ column: column as OrderByColumn, direction: direction as OrderDirection })
  }
  return { ok: true, keys }
}

/** For a page's URL: what the API would refuse falls back to the default order. */
export function readOrderBy(raw: unknown): OrderKey[] {
  const parsed = parseOrderBy(raw)
  return parsed.ok ? parsed.keys : [...DEFAULT_ORDER]
}

export function formatOrderBy(keys: readonly OrderKey[]): string {
  return keys.map(key => `${key.column}:${key.direction}`).join(',')
}

/** The tie-breaker follows, unless listed, in the direction of the last key. */
export function withTieBreaker(keys: readonly OrderKey[]): OrderKey[] {
  if (keys.some(key => key.column === ORDER_TIE_BREAKER)) return [...keys]
  return [...keys, { column: ORDER_TIE_BREAKER, direction: keys.at(-1)?.direction ?? 'asc' }]
}

function invalid(code: OrderByIssue['code'], message: string): ParsedOrderBy {
  return { ok: false, issue: { code, message } }
}

/** Echoed input is cut short so a long query string does not come back whole. */
function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text
}
