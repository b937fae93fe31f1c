import { userSocketHooks } from '#server/live'

// GET /api/users/{user_id}/live — a WebSocket with the user's chat deletions, for the chat lists.
export default defineWebSocketHandler(userSocketHooks)
