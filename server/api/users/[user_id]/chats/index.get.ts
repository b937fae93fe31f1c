import type { UserChatsPage } from '#shared/types/api'
import { chatsPageJson, listUserChatsJson } from '#server/database/queries/project-chats-list'

/** Without limit or cursor, a page of this many. */
const DEFAULT_PAGE_SIZE = 50

// Search across all of the user's projects: the project list's q, filters, order_by and keyset
// pages (docs/api.md), always paged; each row names the user's projects it is in (project_ids).
export default defineEventHandler(async (event) => {
  const user = await readPathSession(event)
  const query = parseChatListQuery(event)
  const request = { ...query, page: query.page ?? { limit: DEFAULT_PAGE_SIZE } }
  const result = await listUserChatsJson(await useDb(), user, request)
  if (!result) throw await notFoundUnlessRevoked(user, 'User not found')
  setResponseHeader(event, 'content-type', 'application/json')
  const next = result.nextKey && encodeChatListCursor(request, result.nextKey)
  return chatsPageJson<UserChatsPage>(result.chats, next)
})
