import { setResponseHeader, type H3Event } from 'h3'
import type { Tx } from '#server/database/client'
import { countLiveConnections, livePresenceTtlSeconds } from './presence'
import { apiError } from '#server/utils/errors'

/**
 * The v1 delete's live-connection rule, for the delete query's `beforeDelete` seam: it runs with
 * the chat's row locked FOR UPDATE, and a handshake records its connection only under FOR KEY
 * SHARE of that row, so the count and the delete are one atomic step. Without `force`, any fresh
 * connection refuses the delete (409); with it, the delete goes on and its `chat.deleted` notice
 * closes the sockets (4004).
 */
export function liveConnectionsRule(force: boolean) {
  let activeConnections = 0
  return {
    get activeConnections() {
      return activeConnections
    },
    beforeDelete: async (tx: Tx, chatId: number): Promise<boolean> => {
      if (force) return true
      activeConnections = await countLiveConnections(tx, chatId, livePresenceTtlSeconds())
      return activeConnections === 0
    },
  }
}

/**
 * The refused delete's answer (docs/api.md, DELETE /api/v1/chats/{chat_id}): 409
 * `{"statusCode":409,"statusMessage":"Conflict","message":"Chat has active connections",
 * "data":{"active_connections":N}}`, and it sets Retry-After to the presence TTL: the longest a
 * connection of a crashed instance keeps counting; live clients close when they choose.
 */
export function chatHasActiveConnections(event: H3Event, activeConnections: number) {
  setResponseHeader(event, 'Retry-After', livePresenceTtlSeconds())
  return apiError(409, 'Chat has active connections', { active_connections: activeConnections })
}
