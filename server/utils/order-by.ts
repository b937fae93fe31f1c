import type { ValidationIssue } from './errors'

export type SortDirection = 'asc' | 'desc'
export interface SortKey<C extends string> {
  column: C
  direction: SortDirection
}

export interface OrderByOptions<C extends string> {
  /** The whitelist: nothing else ever reaches SQL. */
  columns: readonly C[]
  /** Used when the query has no order_by at all. */
  fallback: readonly SortKey<C>[]
  /** A unique column appended (unless already listed) so the order is total. */
  tieBreaker: C
}

const DIRECTIONS: readonly SortDirection[] = ['asc', 'desc']

/**
 * Parses `order_by=column:direction[,column:direction…]` (e.g. `name:asc,updated_at:desc`).
 * Columns and directions are lower-case words from the whitelist; spaces around items are allowed;
 * a column may appear once. The tie-breaker follows in the direction of the last key.
 * Anything else is the seeds' 400 with an issue naming what is wrong.
 */
export function parseOrderBy<C extends string>(raw: unknown, options: OrderByOptions<C>): SortKey<C>[] {
  if (raw === undefined) return withTieBreaker([...options.fallback], options.tieBreaker)
  if (typeof raw !== 'string') throw invalid('invalid_type', 'Invalid order_by: give it once, as "column:direction[,column:direction…]"')
  const keys: SortKey<C>[] = []
  for (const [index, item] of raw.split(',').entries()) {
    const text = item.trim()
    if (text === '') throw invalid('invalid_format', `Invalid order_by: item ${index + 1} is empty`)
    const parts = text.split(':').map(part => part.trim())
    if (parts.length !== 2) throw invalid('invalid_format', `Invalid order_by: "${shorten(text)}" is not "column:direction"`)
    const [column, direction] = parts as [string, string]
    if (!(options.columns as readonly string[]).includes(column)) {
      throw invalid('invalid_value', `Invalid order_by: unknown column "${shorten(column)}" (allowed: ${options.columns.join(', ')})`)
    }
    if (!(DIRECTIONS as readonly string[]).includes(direction)) {
      throw invalid('invalid_value', `Invalid order_by: unknown direction "${shorten(direction)}" for ${column} (allowed: asc, desc)`)
    }
    if (keys.some(key => key.column === column)) throw invalid('invalid_value', `Invalid order_by: column ${column} is listed twice`)
    keys.push({ column: column as C, direction: direction as SortDirection })
  }
  return withTieBreaker(keys, options.tieBreaker)
}

function withTieBreaker<C extends string>(keys: SortKey<C>[], tieBreaker: C): SortKey<C>[] {
  if (keys.some(key => key.column === tieBreaker)) return keys
  return [...keys, { column: tieBreaker, direction: keys.at(-1)?.direction ?? 'asc' }]
}

/** Echoed input is cut short so a long query string does not come back whole. */
function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text
}

function invalid(code: string, message: string) {
  const issue: ValidationIssue = { code, message }
  return badRequest([issue])
}
