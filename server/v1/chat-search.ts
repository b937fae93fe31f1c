import { z } from 'zod'
import { chatFilterParams, parseChatFilters } from '#shared/utils/chat-filters'
import { parseSearchQuery } from '#shared/utils/search-query'
import type { ChatSearch } from '#server/search'
import { v1BadRequest } from './define-route'

// q and the filters of GET /api/v1/chats: the cookie list's grammar (#shared/utils/search-query,
// #shared/utils/chat-filters), read by the same parsers. Each parameter is a plain string in the
// contract (so the OpenAPI document lists it); readV1ChatSearch checks them together.

const once = (name: string, description: string) => z.string(`Invalid ${name}: give it once`).optional().meta({ description })

const DATE = '2026-03-01 (midnight UTC) or an ISO-8601 time with a zone'

/** The search parameters of the v1 chat list, spread into its query schema. */
export const chatSearchParams = {
  q: once('q', 'Search chat names and message text: words (all must match), "exact phrases", -excluded words; the last word also matches as a prefix. At most 200 characters'),
  model: once('model', 'Only chats of this model (exactly)'),
  created_after: once('created_after', `Created at or after: ${DATE}`),
  created_before: once('created_before', `Created before: ${DATE}`),
  updated_after: once('updated_after', `Updated at or after: ${DATE}`),
  updated_before: once('updated_before', `Updated before: ${DATE}`),
  min_messages: once('min_messages', 'At least this many messages (0 to 1,000,000,000)'),
  max_messages: once('max_messages', 'At most this many messages (0 to 1,000,000,000)'),
  kept: once('kept', 'true: kept chats only; false: the others'),
}

type SearchParams = { [K in keyof typeof chatSearchParams]?: string }

/**
 * The search the parameters ask for, and its key: what a next_cursor of this listing carries, so a
 * cursor continues only the listing that made it ('' without q or filters). A bad one is the 400
 * naming it, with the cookie list's message.
 */
export function readV1ChatSearch(params: SearchParams): { search: ChatSearch, key: string } {
  const q = parseSearchQuery(params.q)
  if (!q.ok) throw v1BadRequest(q.issue.message)
  const filters = parseChatFilters(params)
  if (!filters.ok) throw v1BadRequest(filters.issue.message)
  const canonical = chatFilterParams(filters.filters)
  const key = q.query || Object.keys(canonical).length > 0 ? JSON.stringify([q.query ? params.q : '', canonical]) : ''
  return { search: { query: q.query, filters: filters.filters }, key }
}
