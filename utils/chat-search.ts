import type { ChatListRow } from '#shared/types/api'
import type { ChatFilters } from '#shared/utils/chat-filters'

// The browser's side of the chats list's filters (#shared/utils/chat-filters): whether a row the
// client places itself (created or changed live) belongs to the filtered listing, and the search
// in words for the selection bar, the confirm dialog and the live region.

/** The server's filter conditions (server/search/sql.ts filterConditions) on a row the client holds. */
export function rowMatchesFilters(row: Pick<ChatListRow, 'model' | 'kept' | 'created_at' | 'updated_at' | 'message_count'>, filters: ChatFilters): boolean {
  const time = (iso: string) => Date.parse(iso)
  if (filters.model !== undefined && row.model !== filters.model) return false
  if (filters.kept !== undefined && row.kept !== filters.kept) return false
  if (filters.created_after && time(row.created_at) < time(filters.created_after)) return false
  if (filters.created_before && time(row.created_at) >= time(filters.created_before)) return false
  if (filters.updated_after && time(row.updated_at) < time(filters.updated_after)) return false
  if (filters.updated_before && time(row.updated_at) >= time(filters.updated_before)) return false
  if (filters.min_messages !== undefined && row.message_count < filters.min_messages) return false
  if (filters.max_messages !== undefined && row.message_count > filters.max_messages) return false
  return true
}

/** A filter's instant as the date picker shows it: the day when it is midnight UTC, else the instant. */
export function filterDate(iso: string | undefined): string {
  if (!iso) return ''
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso
}

/** The filters in words, in their fixed order: "model gpt-4, created after 2026-03-01, 2–10 messages, not kept". */
export function describeChatFilters(filters: ChatFilters): string[] {
  const parts: string[] = []
  if (filters.model !== undefined) parts.push(`model ${filters.model}`)
  if (filters.created_after) parts.push(`created on or after ${filterDate(filters.created_after)}`)
  if (filters.created_before) parts.push(`created before ${filterDate(filters.created_before)}`)
  if (filters.updated_after) parts.push(`updated on or after ${filterDate(filters.updated_after)}`)
  if (filters.updated_before) parts.push(`updated before ${filterDate(filters.updated_before)}`)
  const { min_messages: min, max_messages: max } = filters
  if (min !== undefined && max !== undefined) parts.push(min === max ? plural(min, 'message') : `${min}–${max} messages`)
  else if (min !== undefined) parts.push(`at least ${plural(min, 'message')}`)
  else if (max !== undefined) parts.push(`at most ${plural(max, 'message')}`)
  if (filters.kept !== undefined) parts.push(filters.kept ? 'kept' : 'not kept')
  return parts
}

/** “kube proxy” with model gpt-4, not kept — the query and the filters that make a listing; '' for none. */
export function describeChatSearch(q: string, filters: ChatFilters): string {
  const words = describeChatFilters(filters)
  const query = q ? `matching “${q}”` : ''
  const filtered = words.length ? `with ${words.join(', ')}` : ''
  return [query, filtered].filter(Boolean).join(' ')
}
