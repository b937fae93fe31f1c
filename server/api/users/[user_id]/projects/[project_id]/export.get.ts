import { exportProjectChats } from '#server/export'

/** The project's chats (all, or those matching q and kept) as a ZIP built while it is sent. */
export default defineEventHandler(async (event) => {
  const user = await readPathSession(event)
  const projectId = requireIdParam(event, 'project_id')
  const result = await exportProjectChats(await useDb(), user, projectId, parseChatFilterQuery(event), 'project')
  if (result.kind !== 'zip') throw await notFoundUnlessRevoked(user, 'Project not found')
  return sendZip(event, result)
})
