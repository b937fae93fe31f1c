import { updateProjectChat } from '#server/database/queries/chats'
import { UpdateChatBody } from '#server/schemas/projects'

/** `{name?, kept?}` → 200 `{chat}`: the chat renamed and/or kept (a pin) or no longer kept. */
export default defineEventHandler(async (event) => {
  const user = await readPathSession(event)
  const projectId = requireIdParam(event, 'project_id')
  const chatId = requireIdParam(event, 'chat_id')
  const change = await readJsonBody(event, UpdateChatBody)
  const result = await updateProjectChat(await useDb(), user, projectId, chatId, change)
  if (result.kind === 'project_not_found') throw await notFoundUnlessRevoked(user, 'Project not found')
  if (result.kind === 'chat_not_found') throw notFound('Chat not found')
  return { chat: result.chat }
})
