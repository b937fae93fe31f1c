import { exportProjectChats } from '#server/export'
import { ExportChatsBody } from '#server/schemas/projects'

/** `{chat_ids}` (1–1000) → the ZIP of those chats; 404 naming the ids that are not the project's. */
export default defineEventHandler(async (event) => {
  const user = await readPathSession(event)
  const projectId = requireIdParam(event, 'project_id')
  const { chat_ids } = await readJsonBody(event, ExportChatsBody)
  const result = await exportProjectChats(await useDb(), user, projectId, { chatIds: chat_ids }, 'selection')
  if (result.kind === 'project_not_found') throw await notFoundUnlessRevoked(user, 'Project not found')
  if (result.kind === 'chats_not_found') throw notFound('Chat not found', { missing_chat_ids: result.missingChatIds })
  return sendZip(event, result)
})
