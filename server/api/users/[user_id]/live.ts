// GET /api/users/{user_id}/live — a WebSocket with the user's chat deletions, for the chat lists.
export default defineWebSocketHandler(liveSocketHooks(async (request) => {
  const userId = await sessionUserIdOf(request)
  if (userId === undefined || userId !== userIdOf(request)) return refuseHandshake(401, 'You do not have access to view the information.')
  if (isCrossSiteHandshake(request)) return refuseHandshake(403, 'Cross-site WebSocket handshakes are refused')
  return new LiveConnection({ kind: 'user', userId })
}))
