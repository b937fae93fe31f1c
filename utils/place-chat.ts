import type { ChatRow } from '#shared/types/api'

/**
 * `rows` (sorted by `sort`) with `chat` in the place the sort gives it, replacing its old copy.
 * A chat that sorts after the last loaded row stays out while more pages exist: the next page
 * brings it (the cursor is a position in the order, so nothing is skipped or shown twice).
 */
export function placeChat(rows: readonly ChatRow[], chat: ChatRow, sort: readonly OrderKey[], more: boolean): ChatRow[] {
  const others = rows.filter(row => row.id !== chat.id)
  const compare = compareChatsBy(sort)
  const at = others.findIndex(row => compare(chat, row) < 0)
  if (at === -1) return more ? others : [...others, chat]
  return [...others.slice(0, at), chat, ...others.slice(at)]
}

/** The API's `q` (ILIKE '%q%' on the name), for a row the client places itself. */
export function nameMatches(name: string, q: string): boolean {
  return q === '' || name.toLowerCase().includes(q.toLowerCase())
}
