import { insertChatMessages } from '#server/database/queries/messages'
import { CreateMessagesBody } from '#server/schemas/projects'

export default defineEventHandler(async (event) => {
  const userId = await requirePathUser(event)
  const chatId = requireIdParam(event, 'chat_id')
  const { messages } = await readJsonBody(event, CreateMessagesBody)
  const created = await insertChatMessages(await useDb(), userId, chatId, messages)
  if (created.length === 0) throw notFound('Chat not found')
  setResponseStatus(event, 201, 'Created')
  return { messages: created }
})
