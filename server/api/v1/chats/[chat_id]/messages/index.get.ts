import { listV1Messages } from '#server/database/queries/v1-messages'
import { defineV1Route, encodeV1MessageCursor, INVALID_CURSOR, v1BadRequest, v1Routes } from '#server/v1'

export default defineV1Route(v1Routes.listMessages, async (_event, { auth, params, query }) => {
  // A cursor names its chat: another chat's is as invalid as a made-up one.
  if (query.cursor && query.cursor.chat !== params.chat_id) throw v1BadRequest(INVALID_CURSOR)
  const page = await listV1Messages(await useDb(), auth.userId, params.chat_id, query.limit, query.cursor?.after)
  if (!page) throw notFound('Chat not found')
  return { messages: page.messages, next_cursor: page.next === null ? null : encodeV1MessageCursor({ chat: params.chat_id, after: page.next }) }
})
