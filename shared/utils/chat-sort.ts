// The chats table's sort: `?order_by=updated_at:desc,name:asc`, the same syntax the API takes.

/** What the list route accepts in order_by; id is the tie-breaker every order ends with. */
export const PROJECT_CHAT_SORT_COLUMNS = ['id', 'name', 'model', 'created_at', 'updated_at'] as const
export type ProjectChatSortColumn = typeof PROJECT_CHAT_SORT_COLUMNS[number]

/** The columns the chats table offers as headers. */
export const CHAT_SORT_COLUMNS = ['name', 'model', 'created_at', 'updated_at'] as const satisfies readonly ProjectChatSortColumn[]
export type ChatSortColumn = typeof CHAT_SORT_COLUMNS[number]
export type ChatSortDirection = 'asc' | 'desc'
export interface ChatSortKey { column: ChatSortColumn, direction: ChatSortDirection }

export const DEFAULT_CHAT_SORT: ChatSortKey[] = [{ column: 'updated_at', direction: 'desc' }]

/** Reads a query value; anything not understood falls back to the default (the API's default too). */
export function parseSortQuery(raw: unknown): ChatSortKey[] {
  if (typeof raw !== 'string' || raw === '') return DEFAULT_CHAT_SORT
  const keys: ChatSortKey[] = []
  for (const part of raw.split(',')) {
    const [column, direction = 'asc', extra] = part.trim().split(':')
    if (extra !== undefined || !CHAT_SORT_COLUMNS.includes(column as ChatSortColumn) || (direction !== 'asc' && direction !== 'desc')) return DEFAULT_CHAT_SORT
    if (keys.some(key => key.column === column)) continue
    keys.push({ column: column as ChatSortColumn, direction })
  }
  return keys.length ? keys : DEFAULT_CHAT_SORT
}

export function formatSortQuery(keys: ChatSortKey[]): string {
  return keys.map(key => `${key.column}:${key.direction}`).join(',')
}

/** Dates start newest first, text A→Z. */
function firstDirection(column: ChatSortColumn): ChatSortDirection {
  return column === 'created_at' || column === 'updated_at' ? 'desc' : 'asc'
}

const flip = (direction: ChatSortDirection): ChatSortDirection => direction === 'asc' ? 'desc' : 'asc'

/**
 * A click sorts by the column alone (flipping it when it already leads); a shift-click adds the
 * column as a further key, or flips it where it stands when it is already one.
 */
export function nextChatSort(current: ChatSortKey[], column: ChatSortColumn, additive: boolean): ChatSortKey[] {
  const existing = current.find(key => key.column === column)
  if (additive) {
    if (existing) return current.map(key => key.column === column ? { column, direction: flip(key.direction) } : key)
    return [...current, { column, direction: firstDirection(column) }]
  }
  if (current[0]?.column === column) return [{ column, direction: flip(current[0].direction) }]
  return [{ column, direction: firstDirection(column) }]
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true })

/** The same order locally (for a row the client adds), with id breaking ties like the API. */
export function compareChatsBy(keys: ChatSortKey[]) {
  return <T extends Record<ChatSortColumn, string> & { id: number }>(a: T, b: T): number => {
    for (const { column, direction } of keys) {
      const order = column === 'created_at' || column === 'updated_at'
        ? Date.parse(a[column]) - Date.parse(b[column])
        : collator.compare(a[column], b[column])
      if (order !== 0) return direction === 'asc' ? order : -order
    }
    return a.id - b.id
  }
}

export const CHAT_COLUMN_LABELS: Record<ChatSortColumn, string> = {
  name: 'Name',
  model: 'Model',
  created_at: 'Created',
  updated_at: 'Updated',
}
