import { findV1Chat } from '#server/database/queries/v1-chats'

export default defineV1Handler(async (event, { userId }) => {
  const chatUuid = requireUuidParam(event, 'chat_id')
  const chat = await findV1Chat(await useDb(), userId, chatUuid)
  if (!chat) throw notFound('Chat not found')
  return { chat }
})
