import { exportProjectChats } from '#server/export'

/** One chat of the project as a ZIP (its JSON, its Markdown, the manifest). */
export default defineEventHandler(async (event) => {
  const user = await readPathSession(event)
  const projectId = requireIdParam(event, 'project_id')
  const chatId = requireIdParam(event, 'chat_id')
  const result = await exportProjectChats(await useDb(), user, projectId, { chatIds: [chatId] }, 'chat')
  if (result.kind === 'project_not_found') throw await notFoundUnlessRevoked(user, 'Project not found')
  if (result.kind === 'chats_not_found') throw notFound('Chat not found')
  return sendZip(event, result)
})
