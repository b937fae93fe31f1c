import { chatsPageJson, listProjectChatsJson } from '#server/database/queries/project-chats-list'

// Postgres builds the JSON (and checks the session's version) in one statement; the route sends its
// text as is: a ChatList, or with limit or cursor a ChatsPage (#shared/types/api).
export default defineEventHandler(async (event) => {
  const user = await readPathSession(event)
  const projectId = requireIdParam(event, 'project_id')
  const query = parseChatListQuery(event)
  const result = await listProjectChatsJson(await useDb(), user, projectId, query)
  if (result.kind === 'project_not_found') throw await notFoundUnlessRevoked(user, 'Project not found')
  setResponseHeader(event, 'content-type', 'application/json')
  if (result.kind === 'all') return result.body
  const next = result.nextKey && encodeChatListCursor(query.order, query.q, query.page!.limit, result.nextKey, query.kept)
  return chatsPageJson(result.chats, next)
})
