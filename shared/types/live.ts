import type { Actor } from './api'

// The JSON text frames of the live sockets (docs/api.md, "Live connections").

export interface LiveMessage {
  id: number
  actor: Actor
  message: string
  created_at: string
}

/** GET /api/v1/chats/{uuid}/live */
export type ChatLiveEvent
  = | { type: 'ready', chat_id: string }
    | { type: 'message.created', chat_id: string, message: LiveMessage }
    | { type: 'messages.deleted', chat_id: string, message_ids: number[] }
    | { type: 'chat.deleted', chat_id: string }
    | { type: 'resync' }
    | { type: 'pong' }

/** GET /api/users/{user_id}/live */
export type UserLiveEvent
  = | { type: 'ready', user_id: number }
    | { type: 'chat.deleted', chat_id: number }
    | { type: 'resync' }
    | { type: 'pong' }

/** The close code of a socket whose chat was deleted: do not reconnect. */
export const LIVE_CLOSE_CHAT_DELETED = 4004
