import { listV1Chats } from '#server/database/queries/v1-chats'
import { defineV1Route, encodeV1Cursor, v1Routes } from '#server/v1'

export default defineV1Route(v1Routes.listChats, async (_event, { auth, query }) => {
  const { chats, next } = await listV1Chats(await useDb(), auth.userId, query.limit, query.cursor)
  return { chats, next_cursor: next && encodeV1Cursor(next) }
})
