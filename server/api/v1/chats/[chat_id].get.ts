import { findV1Chat } from '#server/database/queries/v1-chats'
import { defineV1Route, v1Routes } from '#server/v1'

export default defineV1Route(v1Routes.getChat, async (_event, { auth, params }) => {
  const chat = await findV1Chat(await useDb(), auth.userId, params.chat_id)
  if (!chat) throw notFound('Chat not found')
  return { chat }
})
