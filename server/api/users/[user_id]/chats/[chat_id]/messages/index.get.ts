import { listChatMessages } from '#server/database/queries/messages'

export default defineEventHandler(async (event) => {
  const userId = await requirePathUser(event)
  const chatId = requireIdParam(event, 'chat_id')
  const messages = await listChatMessages(await useDb(), userId, chatId)
  if (!messages) throw notFound('Chat not found')
  return { messages }
})
