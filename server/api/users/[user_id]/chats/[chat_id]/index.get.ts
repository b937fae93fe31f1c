import { findChatWithProjects } from '#server/database/queries/chats'

export default defineEventHandler(async (event) => {
  const userId = await requirePathUser(event)
  const chatId = requireIdParam(event, 'chat_id')
  const chat = await findChatWithProjects(await useDb(), userId, chatId)
  if (!chat) throw notFound('Chat not found')
  return { chat }
})
