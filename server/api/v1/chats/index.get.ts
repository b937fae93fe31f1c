import { listV1Chats } from '#server/database/queries/v1-chats'

export default defineV1Handler(async (event, { userId }) => {
  const { limit, cursor } = parsePageQuery(event)
  const { chats, next } = await listV1Chats(await useDb(), userId, limit, cursor)
  return { chats, next_cursor: next && encodeV1Cursor(next) }
})
