import { sql, type SQL } from 'drizzle-orm'
import type { DbOrTx } from '#server/database/client'
import { intArray, rowsOf, toDate } from '#server/database/queries/rows'
import type { LiveChat, LiveMessage } from '#shared/types/live'
import { chatConnections, closeChat, userConnections } from './registry'

// Every live event, both ways: the notice the changing transaction sends (a Postgres NOTIFY payload
// on one channel, ids only: Postgres caps a payload below 8000 bytes), and the frames each instance
// makes of it for its own sockets. Notices are sent inside the transaction that changes the data,
// so they go out exactly when it commits (and never when it rolls back). A new event type is a
// notice here, its delivery in `deliver`, and its frame in shared/types/live.ts.

export const LIVE_CHANNEL = 'neptun_live'

export type LiveNotice
  = | { type: 'message.created', chat: number, ids: number[] }
    | { type: 'messages.deleted', chat: number, ids: number[] }
    | { type: 'chat.deleted', user: number, chats: number[] }
    | ChatChangeNotice
    | RevocationNotice

/** A chat of `user` was created, or changed what a project list shows of it (name, messages, updated_at). */
export type ChatChangeNotice
  = | { type: 'chat.created', user: number, chats: number[] }
    | { type: 'chat.updated', user: number, chats: number[] }

/**
 * A credential was revoked: the user's API key `key`, or every session of the user whose version
 * is below `below` (sign-out and a password change raise the account's version to `below`).
 * Handled by ./revocation.ts, at once, ahead of the queued event deliveries.
 */
export type RevocationNotice
  = | { type: 'api-key.revoked', user: number, key: number }
    | { type: 'sessions.revoked', user: number, below: number }

export function isRevocation(notice: LiveNotice): notice is RevocationNotice {
  return notice.type === 'api-key.revoked' || notice.type === 'sessions.revoked'
}

/** Ids per payload: 500 ten-digit ids and the envelope stay far below the 8000-byte cap. */
const IDS_PER_NOTICE = 500

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/** One notice per chunk of ids, so a delete of 1000 chats or a long trim never overflows a payload. */
function splitNotice(notice: LiveNotice): LiveNotice[] {
  if (isRevocation(notice)) return [notice]
  if (notice.type === 'chat.deleted' || notice.type === 'chat.created' || notice.type === 'chat.updated') {
    return chunks(notice.chats, IDS_PER_NOTICE).map(chats => ({ ...notice, chats }))
  }
  return chunks(notice.ids, IDS_PER_NOTICE).map(ids => ({ ...notice, ids }))
}

/**
 * A scalar SQL expression that queues the notices when its statement runs (the count of payloads),
 * so a data change and its notices travel in one statement, one round trip.
 */
export function queueLiveNotices(notices: readonly LiveNotice[]): SQL {
  const payloads = notices.flatMap(splitNotice).map(notice => JSON.stringify(notice))
  return sql`(SELECT count(pg_notify(${LIVE_CHANNEL}, payload))::int4 FROM json_array_elements_text(${JSON.stringify(payloads)}::json) AS payload)`
}

/** Queues the notices in the caller's transaction, as a statement of their own. */
export async function notifyLive(tx: DbOrTx, notices: readonly LiveNotice[]): Promise<void> {
  if (notices.length > 0) await tx.execute(sql`SELECT ${queueLiveNotices(notices)}`)
}

/** Reads a payload back; anything else on the channel is ignored (undefined). */
export function parseLiveNotice(payload: string): LiveNotice | undefined {
  try {
    const notice = JSON.parse(payload) as LiveNotice
    switch (notice.type) {
      case 'api-key.revoked':
        return Number.isSafeInteger(notice.user) && Number.isSafeInteger(notice.key) ? notice : undefined
      case 'sessions.revoked':
        return Number.isSafeInteger(notice.user) && Number.isSafeInteger(notice.below) ? notice : undefined
      case 'chat.deleted':
      case 'chat.created':
      case 'chat.updated':
        return Number.isSafeInteger(notice.user) && Array.isArray(notice.chats) && notice.chats.every(Number.isSafeInteger) ? notice : undefined
      case 'message.created':
      case 'messages.deleted':
        return Array.isArray(notice.ids) && notice.ids.every(Number.isSafeInteger) ? notice : undefined
      default:
        return undefined
    }
  }
  catch {
    return undefined
  }
}

/** A notice reached this instance: the frames for its sockets on that chat (or user). */
export async function deliver(db: DbOrTx, notice: Exclude<LiveNotice, RevocationNotice>): Promise<void> {
  switch (notice.type) {
    case 'message.created': {
      const connections = chatConnections(notice.chat)
      if (connections.length === 0) return
      const messages = await messagesByIds(db, notice.chat, notice.ids)
      for (const connection of connections) {
        for (const message of messages) {
          connection.send({ type: 'message.created', chat_id: connection.subject.chatUuid, message })
        }
      }
      return
    }
    case 'messages.deleted':
      for (const connection of chatConnections(notice.chat)) {
        connection.send({ type: 'messages.deleted', chat_id: connection.subject.chatUuid, message_ids: notice.ids })
      }
      return
    case 'chat.deleted':
      for (const chatId of notice.chats) closeChat(chatId)
      for (const connection of userConnections(notice.user)) {
        for (const chatId of notice.chats) connection.send({ type: 'chat.deleted', chat_id: chatId })
      }
      return
    case 'chat.created':
    case 'chat.updated': {
      const connections = userConnections(notice.user)
      if (connections.length === 0) return
      // Read when the notice arrives: a chat deleted since is not sent (its chat.deleted follows).
      const chats = await liveChats(db, notice.user, notice.chats)
      for (const connection of connections) {
        for (const chat of chats) connection.send({ type: notice.type, ...chat })
      }
    }
  }
}

/** These chats of the user as the project lists show them, with the user's projects each is in. */
async function liveChats(db: DbOrTx, userId: number, ids: readonly number[]): Promise<LiveChat[]> {
  const rows = await rowsOf<{ id: number, neptun_user_id: number, name: string, model: string, created_at: Date | string, updated_at: Date | string, kept: boolean, project_ids: number[] }>(db, sql`
    SELECT c.id, c.neptun_user_id, c.name, c.model, c.created_at, c.updated_at, c.kept,
      coalesce(array_agg(p.id ORDER BY p.id) FILTER (WHERE p.id IS NOT NULL), '{}') AS project_ids
    FROM chat_conversation c
    LEFT JOIN project_chat_conversation l ON l.chat_conversation_id = c.id
    LEFT JOIN neptun_user_project p ON p.id = l.project_id AND p.neptun_user_id = c.neptun_user_id
    WHERE c.neptun_user_id = ${userId} AND c.id = ANY(${intArray(ids)}::int4[])
    GROUP BY c.id
    ORDER BY c.id`)
  return rows.map(({ project_ids, created_at, updated_at, ...chat }) => ({
    chat: { ...chat, id: Number(chat.id), neptun_user_id: Number(chat.neptun_user_id), created_at: toDate(created_at).toISOString(), updated_at: toDate(updated_at).toISOString() },
    project_ids: project_ids.map(Number),
  }))
}

/** These messages of a chat, in id order, as `message.created` frames carry them. */
async function messagesByIds(db: DbOrTx, chatId: number, ids: readonly number[]): Promise<LiveMessage[]> {
  const rows = await rowsOf<Omit<LiveMessage, 'created_at'> & { created_at: Date | string }>(db, sql`
    SELECT id, actor, message, created_at
    FROM chat_conversation_message
    WHERE chat_conversation_id = ${chatId} AND id = ANY(${intArray(ids)}::int4[])
    ORDER BY id`)
  return rows.map(({ id, actor, message, created_at }) => ({ id: Number(id), actor, message, created_at: toDate(created_at).toISOString() }))
}
