import { ORDER_BY_COLUMNS, ORDER_TIE_BREAKER, type OrderByColumn, type OrderDirection, type OrderKey } from './order-by'

// The chats table's sortable headers: how a click changes the order (the order_by grammar is in
// order-by.ts) and the same order applied locally to a row the client adds.

/** The columns the table offers as headers: every order_by column but the tie-breaker and relevance (a search's own order). */
export type ChatSortColumn = Exclude<OrderByColumn, typeof ORDER_TIE_BREAKER | 'relevance'>
export const CHAT_SORT_COLUMNS = ORDER_BY_COLUMNS.filter((column): column is ChatSortColumn => column !== ORDER_TIE_BREAKER && column !== 'relevance')

/** Dates start newest first, text A→Z. */
function firstDirection(column: ChatSortColumn): OrderDirection {
  return column === 'created_at' || column === 'updated_at' ? 'desc' : 'asc'
}

const flip = (direction: OrderDirection): OrderDirection => direction === 'asc' ? 'desc' : 'asc'

/**
 * A click sorts by the column alone (flipping it when it already leads); a shift-click adds the
 * column as a further key, or flips it where it stands when it is already one.
 */
export function nextChatSort(current: readonly OrderKey[], column: ChatSortColumn, additive: boolean): OrderKey[] {
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
export function compareChatsBy(keys: readonly OrderKey[]) {
  return <T extends Record<ChatSortColumn, string> & { id: number }>(a: T, b: T): number => {
    for (const { column, direction } of keys) {
      // Relevance is the server's to compute: a row the client adds keeps its place by the other keys.
      if (column === 'relevance') continue
      const order = column === 'id'
        ? a.id - b.id
        : column === 'created_at' || column === 'updated_at'
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
