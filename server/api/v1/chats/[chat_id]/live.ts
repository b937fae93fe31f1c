import { chatSocketHooks } from '#server/live'

// GET /api/v1/chats/{chat_id}/live — a WebSocket following one chat (protocol: docs/api.md).
export default defineWebSocketHandler(chatSocketHooks)
