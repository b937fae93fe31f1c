import { listV1Chats } from '#server/database/queries/v1-chats'
import { defineV1Route, encodeV1Cursor, readV1ChatSearch, v1BadRequest, v1Routes } from '#server/v1'

export default defineV1Route(v1Routes.listChats, async (_event, { auth, query }) => {
  const { search, key } = readV1ChatSearch(query)
  // A cursor continues the listing that made it: other q or filters are another listing.
  if (query.cursor && query.cursor.search !== key) throw v1BadRequest('Invalid cursor: it continues a listing with other q or filters')
  const { chats, next } = await listV1Chats(await useDb(), auth.userId, query.limit, query.cursor, search)
  return { chats, next_cursor: next && encodeV1Cursor(next, key) }
})
