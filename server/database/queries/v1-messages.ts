import { sql } from 'drizzle-orm'
import type { V1Message } from '#shared/types/api'
import type { Db, DbOrTx } from '../client'
import type { Dated } from '../contract'
import type { MessageActor } from '../schema'
import type { ReceiptSource } from '#server/receipts/source'
import { insertOwnedChatMessages } from './messages'
import { rowsOf, toDate } from './rows'
import { trimLastExchange, type TrimmedMessage, type TrimLastExchangeResult } from './trim-last-exchange'

// The v1 API's messages: chats and messages named by uuid; the integer id only orders a chat's
// messages and positions a page (inside the opaque cursor), it is never a field of an answer.

type V1MessageRow = Dated<V1Message>

type RawV1Message = { seq: number | string, id: string, actor: MessageActor, message: string, created_at: Date | string }

function toV1Message(row: Omit<RawV1Message, 'seq'>): V1MessageRow {
  return { id: row.id, actor: row.actor, message: row.message, created_at: toDate(row.created_at) }
}

/**
 * A page of the user's chat's messages, oldest first (id order), after the message whose integer
 * id is `after`: one statement, a walk of chat_conversation_message_chat_idx. undefined: no such
 * chat (or another user's). `next` is the page's last id when more messages follow.
 */
export async function listV1Messages(db: DbOrTx, userId: number, chatUuid: string, limit: number, after = 0): Promise<{ messages: V1MessageRow[], next: number | null } | undefined> {
  const rows = await rowsOf<{ [K in keyof RawV1Message]: RawV1Message[K] | null }>(db, sql`
    SELECT m.id AS seq, m.uuid AS id, m.actor, m.message, m.created_at
    FROM chat_conversation c
    LEFT JOIN LATERAL (
      SELECT id, uuid, actor, message, created_at FROM chat_conversation_message
      WHERE chat_conversation_id = c.id AND id > ${after}
      ORDER BY id
      LIMIT ${limit + 1}
    ) m ON true
    WHERE c.uuid = ${chatUuid}::uuid AND c.neptun_user_id = ${userId}
    ORDER BY m.id`)
  if (rows.length === 0) return undefined
  const found = rows.filter((row): row is RawV1Message => row.seq !== null)
  const page = found.slice(0, limit)
  const last = page.at(-1)
  return { messages: page.map(toV1Message), next: found.length > limit && last ? Number(last.seq) : null }
}

/** insertChatMessages for the user's chat with this uuid; empty: no such chat. */
export async function insertV1Messages(db: Db, userId: number, chatUuid: string, messages: readonly { actor: MessageActor, message: string }[]): Promise<V1MessageRow[]> {
  const created = await insertOwnedChatMessages(db, userId, sql`c.uuid = ${chatUuid}::uuid`, messages)
  return created.map(message => toV1Message({ ...message, id: message.uuid }))
}

export type TrimV1Result
  = | Exclude<TrimLastExchangeResult, { receiptId: string }>
    | { kind: 'trimmed', deleted: V1MessageRow[], receiptId: string }

/**
 * The cookie route's trim (trimLastExchange: the same rules, receipt and notices) on the user's
 * chat with this uuid. `expectedLastMessageUuid`: trim only while it is the chat's last user or
 * assistant message, else `changed`. First one statement finds the chat and the expected
 * message's place in it; a chat deleted in between is still chat_not_found.
 */
export async function trimV1LastExchange(db: Db, userId: number, chatUuid: string, receipt: ReceiptSource, expectedLastMessageUuid?: string): Promise<TrimV1Result> {
  const [chat] = await rowsOf<{ id: number, expected_id: number | null }>(db, sql`
    SELECT c.id, (SELECT m.id FROM chat_conversation_message m WHERE m.chat_conversation_id = c.id AND m.uuid = ${expectedLastMessageUuid ?? null}::uuid) AS expected_id
    FROM chat_conversation c WHERE c.uuid = ${chatUuid}::uuid AND c.neptun_user_id = ${userId}`)
  if (!chat) return { kind: 'chat_not_found' }
  // An expected uuid that is no message of this chat can never be its last one: 0 is no id.
  const expected = expectedLastMessageUuid === undefined ? undefined : Number(chat.expected_id ?? 0)
  const result = await trimLastExchange(db, userId, Number(chat.id), receipt, expected)
  if (result.kind !== 'trailing_user_messages' && result.kind !== 'exchange') return result
  const chosen: TrimmedMessage[] = result.kind === 'exchange' ? [...(result.user ? [result.user] : []), result.assistant] : result.deleted
  return {
    kind: 'trimmed',
    deleted: chosen.map(message => toV1Message({ ...message, id: result.uuids.get(message.id)! })),
    receiptId: result.receiptId,
  }
}
