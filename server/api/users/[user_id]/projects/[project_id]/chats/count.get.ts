import { countProjectChats } from '#server/database/queries/project-chats-list'

/** `{"count": N, "kept": K}`: the project's chats (matching q and kept), for "Select all N chats" without listing them. */
export default defineEventHandler(async (event) => {
  const user = await readPathSession(event)
  const projectId = requireIdParam(event, 'project_id')
  const counted = await countProjectChats(await useDb(), user, projectId, parseChatFilterQuery(event))
  if (counted === undefined) throw await notFoundUnlessRevoked(user, 'Project not found')
  return counted
})
