import { useDb } from '#server/utils/db'
import { LiveConnection } from './connection'
import { chatUuidFromPath, handshakeIdentity, isCrossSiteHandshake, refuseHandshake, sessionIdentityOf, userIdFromPath } from './handshake'
import { findOwnedChatId } from './presence'
import { liveSocketHooks } from './sockets'

// The two live endpoints' handshakes (docs/api.md, "Live connections"): who may open the socket,
// and what it follows. The checks run in the order that section lists.

/** GET /api/v1/chats/{chat_id}/live — one chat of the user's, by an API key or the cookie. */
export const chatSocketHooks = liveSocketHooks(async (request) => {
  const identity = await handshakeIdentity(request)
  if (identity instanceof Response) return identity
  const { userId, credential } = identity
  const chatUuid = chatUuidFromPath(request)
  if (!chatUuid) return refuseHandshake(400, 'Invalid chat_id')
  const chatId = await findOwnedChatId(await useDb(), userId, chatUuid)
  if (chatId === undefined) return refuseHandshake(404, 'Chat not found')
  return new LiveConnection({ kind: 'chat', chatId, chatUuid, userId }, credential)
})

/** GET /api/users/{user_id}/live — the signed-in user's chat deletions, by the cookie only. */
export const userSocketHooks = liveSocketHooks(async (request) => {
  const identity = await sessionIdentityOf(request)
  if (!identity || identity.userId !== userIdFromPath(request)) return refuseHandshake(401, 'You do not have access to view the information.')
  if (isCrossSiteHandshake(request)) return refuseHandshake(403, 'Cross-site WebSocket handshakes are refused')
  return new LiveConnection({ kind: 'user', userId: identity.userId }, identity.credential)
})
