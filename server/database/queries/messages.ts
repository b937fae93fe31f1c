import { sql, type SQL } from 'drizzle-orm'
import type { MessageRow } from '#shared/types/api'
import type { Db, DbOrTx } from '../client'
import type { Dated } from '../contract'
import type { MessageActor } from '../schema'
import { notifyLive } from '#server/live/events'
import { rowsOf, toDate } from './rows'

type Message = Dated<MessageRow>
type RawMessageRow = Omit<Message, 'created_at'> & { created_at: Date | string }

/**
 * The user's chat's messages in id order, in one statement that finds the owned chat too:
 * undefined means not found (no row at all); one row of NULLs means an empty chat.
 */
export async function listChatMessages(db: DbOrTx, userId: number, chatId: number): Promise<Message[] | undefined> {
  const rows = await rowsOf<{ [K in keyof RawMessageRow]: RawMessageRow[K] | null }>(db, sql`
    SELECT m.id, m.chat_conversation_id, m.actor, m.message, m.created_at
    FROM chat_conversation c
    LEFT JOIN chat_conversation_message m ON m.chat_conversation_id = c.id
    WHERE c.id = ${chatId} AND c.neptun_user_id = ${userId}
    ORDER BY m.id`)
  if (rows.length === 0) return undefined
  return rows.filter((row): row is RawMessageRow => row.id !== null).map(row => ({ ...row, created_at: toDate(row.created_at) }))
}

/** A new message with its public id (the v1 API's). */
export type InsertedMessage = Message & { uuid: string }

/**
 * Appends messages, in the order given, to the user's chat, and tells its live sockets
 * (`message.created`) and the user's (`chat.updated`: its updated_at moved) in the same
 * transaction: 2 statements. An empty answer means the chat is not
 * the user's (1 statement, nothing sent).
 */
export async function insertChatMessages(db: Db, userId: number, chatId: number, messages: readonly { actor: MessageActor, message: string }[]): Promise<Message[]> {
  const created = await insertOwnedChatMessages(db, userId, sql`c.id = ${chatId}`, messages)
  return created.map(({ uuid: _, ...message }) => message)
}

/** insertChatMessages for the user's chat that `chat` picks (`c.id = 5`, `c.uuid = '…'::uuid`), with the new messages' uuids. */
export async function insertOwnedChatMessages(db: Db, userId: number, chat: SQL, messages: readonly { actor: MessageActor, message: string }[]): Promise<InsertedMessage[]> {
  return db.transaction(async (tx) => {
    const rows = await rowsOf<RawMessageRow & { uuid: string }>(tx, sql`
      INSERT INTO chat_conversation_message (chat_conversation_id, neptun_user_id, actor, message)
      SELECT c.id, c.neptun_user_id, v.actor::chat_conversation_message_actor, v.message
      FROM chat_conversation c
      CROSS JOIN ROWS FROM (json_to_recordset(${JSON.stringify(messages)}::json) AS (actor text, message text))
        WITH ORDINALITY AS v(actor, message, ord)
      WHERE ${chat} AND c.neptun_user_id = ${userId}
      ORDER BY v.ord
      RETURNING id, chat_conversation_id, actor, message, created_at, uuid`)
    const created = rows.sort((a, b) => a.id - b.id).map(row => ({ ...row, created_at: toDate(row.created_at) }))
    const chatId = created[0]?.chat_conversation_id
    if (chatId !== undefined) {
      await notifyLive(tx, [{ type: 'message.created', chat: chatId, ids: created.map(row => row.id) }, { type: 'chat.updated', user: userId, chats: [chatId] }])
    }
    return created
  })
}
