import { sql } from 'drizzle-orm'
import type { DbOrTx } from '#server/database/client'
import { intArray, rowsOf } from '#server/database/queries/rows'
import { useSettings } from '#server/settings'

// Who is following which chat right now, shared by every server instance: one live_connection row
// per open socket, kept fresh by its instance's heartbeat. A row whose heartbeat is older than the
// TTL belongs to an instance that died without closing its sockets: it counts for nothing and any
// instance prunes it. All times are the database's clock, so instances' clocks never disagree.

/** How long a presence row counts after its instance's last heartbeat (heartbeats every TTL/3). */
export function livePresenceTtlSeconds(): number {
  return useSettings().livePresenceTtlSeconds
}

export interface LiveConnectionRow {
  id: string
  userId: number
  chatId: number
  instanceId: string
}

/** The user's chat with this UUID: its id, or undefined when it is missing or another user's. */
export async function findOwnedChatId(db: DbOrTx, userId: number, chatUuid: string): Promise<number | undefined> {
  const [row] = await rowsOf<{ id: number }>(db, sql`
    SELECT id FROM chat_conversation WHERE uuid = ${chatUuid}::uuid AND neptun_user_id = ${userId}`)
  return row ? Number(row.id) : undefined
}

/**
 * Records an open connection, only while the user's chat exists: FOR KEY SHARE waits for a delete
 * that holds the chat's row lock (FOR UPDATE) and then finds nothing. So a connection either counts
 * for that delete's 409 or is refused because the chat is gone. false: no such chat (any more).
 * Re-recording an id (after its row was pruned or cascaded away) refreshes it.
 */
export async function recordLiveConnection(db: DbOrTx, connection: LiveConnectionRow): Promise<boolean> {
  const rows = await rowsOf<{ id: string }>(db, sql`
    INSERT INTO live_connection (id, chat_conversation_id, neptun_user_id, instance_id)
    SELECT ${connection.id}::uuid, c.id, c.neptun_user_id, ${connection.instanceId}::uuid
    FROM chat_conversation c
    WHERE c.id = ${connection.chatId} AND c.neptun_user_id = ${connection.userId}
    FOR KEY SHARE OF c
    ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()
    RETURNING id`)
  return rows.length > 0
}

/** The heartbeat: refreshes these connections' rows and answers the ids that still had one. */
export async function refreshLiveConnections(db: DbOrTx, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set()
  const rows = await rowsOf<{ id: string }>(db, sql`
    UPDATE live_connection SET heartbeat_at = now()
    WHERE id = ANY(${`{${ids.join(',')}}`}::uuid[])
    RETURNING id`)
  return new Set(rows.map(row => row.id))
}

/** Removes rows whose instance stopped heartbeating more than `ttlSeconds` ago. */
export async function pruneStaleLiveConnections(db: DbOrTx, ttlSeconds: number): Promise<number> {
  const rows = await rowsOf<{ id: string }>(db, sql`
    DELETE FROM live_connection WHERE heartbeat_at < now() - make_interval(secs => ${ttlSeconds})
    RETURNING id`)
  return rows.length
}

/** Removes the rows of sockets that closed: one statement for however many closed at once. */
export async function deleteLiveConnections(db: DbOrTx, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return
  await db.execute(sql`DELETE FROM live_connection WHERE id = ANY(${`{${ids.join(',')}}`}::uuid[])`)
}

/** A stopping instance removes its rows at once instead of letting them expire. */
export async function deleteInstanceLiveConnections(db: DbOrTx, instanceId: string): Promise<void> {
  await db.execute(sql`DELETE FROM live_connection WHERE instance_id = ${instanceId}::uuid`)
}

/**
 * Live connections on a chat, fresh ones only. Called by a delete holding the chat's row lock, so
 * no connection can be recorded between this count and the delete.
 */
export async function countLiveConnections(db: DbOrTx, chatId: number, ttlSeconds: number): Promise<number> {
  const [row] = await rowsOf<{ count: number | string }>(db, sql`
    SELECT count(*) AS count FROM live_connection
    WHERE chat_conversation_id = ${chatId} AND heartbeat_at >= now() - make_interval(secs => ${ttlSeconds})`)
  return Number(row?.count ?? 0)
}

/** Of these chats, the ids that still exist (after a listener gap, to find the ones deleted meanwhile). */
export async function existingChatIds(db: DbOrTx, chatIds: readonly number[]): Promise<Set<number>> {
  if (chatIds.length === 0) return new Set()
  const rows = await rowsOf<{ id: number }>(db, sql`
    SELECT id FROM chat_conversation WHERE id = ANY(${intArray(chatIds)}::int4[])`)
  return new Set(rows.map(row => Number(row.id)))
}

/** countLiveConnections for many chats at once (one statement): chat id → fresh connections, chats without any left out. */
export async function countLiveConnectionsByChat(db: DbOrTx, chatIds: readonly number[], ttlSeconds: number): Promise<Map<number, number>> {
  if (chatIds.length === 0) return new Map()
  const rows = await rowsOf<{ chat_id: number, count: number | string }>(db, sql`
    SELECT chat_conversation_id AS chat_id, count(*) AS count FROM live_connection
    WHERE chat_conversation_id = ANY(${intArray(chatIds)}::int4[]) AND heartbeat_at >= now() - make_interval(secs => ${ttlSeconds})
    GROUP BY chat_conversation_id`)
  return new Map(rows.map(row => [Number(row.chat_id), Number(row.count)]))
}
