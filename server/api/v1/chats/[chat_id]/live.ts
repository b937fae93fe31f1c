import { findOwnedChatId } from '#server/database/queries/live-presence'

// GET /api/v1/chats/{chat_id}/live — a WebSocket following one chat (protocol: docs/api.md).
export default defineWebSocketHandler(liveSocketHooks(async (request) => {
  const userId = await handshakeUserId(request)
  if (userId instanceof Response) return userId
  const chatUuid = chatUuidOf(request)
  if (!chatUuid) return refuseHandshake(400, 'Invalid chat_id')
  const chatId = await findOwnedChatId(await useDb(), userId, chatUuid)
  if (chatId === undefined) return refuseHandshake(404, 'Chat not found')
  return new LiveConnection({ kind: 'chat', chatId, chatUuid, userId })
}))
