import { insertV1Messages } from '#server/database/queries/v1-messages'
import { defineV1Route, v1Routes } from '#server/v1'

export default defineV1Route(v1Routes.createMessages, async (_event, { auth, params, body }) => {
  const messages = await insertV1Messages(await useDb(), auth.userId, params.chat_id, body.messages)
  if (messages.length === 0) throw notFound('Chat not found')
  return { messages }
})
