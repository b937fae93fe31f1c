import type { Actor, ChatRow } from './api'

// The live sockets' contract (docs/api.md, "Live connections"): the JSON text frames the server
// sends, the one frame a client may send, and the close codes. The server builds its frames from
// these types and the browser app reads them with the same ones.

export interface LiveMessage {
  id: number
  actor: Actor
  message: string
  created_at: string
}

/** GET /api/v1/chats/{chat_id}/live */
export type ChatLiveEvent
  = | { type: 'ready', chat_id: string }
    | { type: 'message.created', chat_id: string, message: LiveMessage }
    | { type: 'messages.deleted', chat_id: string, message_ids: number[] }
    | { type: 'chat.deleted', chat_id: string }
    | { type: 'resync' }
    | { type: 'pong' }

/**
 * A chat of the user as the project lists show it, and the user's projects it is in: sent when
 * it was created (`chat.created`) and whenever what a list shows of it changed — a rename, a
 * message added or trimmed, which moves its `updated_at` (`chat.updated`).
 */
export interface LiveChat {
  chat: ChatRow
  project_ids: number[]
}

/** GET /api/users/{user_id}/live */
export type UserLiveEvent
  = | { type: 'ready', user_id: number }
    | ({ type: 'chat.created' } & LiveChat)
    | ({ type: 'chat.updated' } & LiveChat)
    | { type: 'chat.deleted', chat_id: number }
    | { type: 'resync' }
    | { type: 'pong' }

/** Any frame the server sends on a live socket. */
export type LiveEvent = ChatLiveEvent | UserLiveEvent

/** What a client may send (keep-alive through proxies that drop idle sockets); answered with `pong`. */
export interface LivePing {
  type: 'ping'
}

/** The close codes of a live socket. */
export const LIVE_CLOSE = {
  /** The client closed it (it left the page or follows another chat). */
  normal: 1000,
  /** The server instance is shutting down: reconnect (the load balancer picks another instance). */
  goingAway: 1001,
  /** The socket opened without the connection its handshake made: reconnect. */
  internalError: 1011,
  /**
   * What opened the socket was revoked — its API key, or its session (sign-out, a password
   * change): do not reconnect with it. The reason says which: LIVE_REVOKED_REASON.
   */
  revoked: 4001,
  /** The chat was deleted: do not reconnect. */
  chatDeleted: 4004,
} as const

/** The close reason sent with LIVE_CLOSE.revoked. */
export const LIVE_REVOKED_REASON = {
  apiKey: 'API key revoked',
  session: 'Session ended',
} as const
