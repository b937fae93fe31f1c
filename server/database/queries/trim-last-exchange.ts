import { sql } from 'drizzle-orm'
import type { MessageRow } from '#shared/types/api'
import { messagesToTrim } from '#shared/utils/trim'
import type { Db } from '#server/database/client'
import type { Dated } from '../contract'
import { queueLiveNotices } from '#server/live/events'
import type { ReceiptSource } from '#server/receipts/source'
import { insertReceipt } from '#server/receipts/write'
import { intArray, rowsOf, toDate } from './rows'
import { ownerId, sessionCurrent, type Owner } from './session-scope'

/** A message of the trim's answer (TrimResult). */
export type TrimmedMessage = Dated<MessageRow>

export type TrimLastExchangeResult
  = | { kind: 'chat_not_found' }
  /** `expectedLastMessageId` was given and the chat's last user/assistant message is another one (or none). */
    | { kind: 'changed', lastMessageId: number | null }
    | { kind: 'no_messages' }
  /** The chat ended with user messages: exactly those, in id order. */
    | { kind: 'trailing_user_messages', deleted: TrimmedMessage[], receiptId: string, uuids: MessageUuids }
  /** The chat ended with an assistant message: it, and the user message right before it if any. */
    | { kind: 'exchange', assistant: TrimmedMessage, user?: TrimmedMessage, receiptId: string, uuids: MessageUuids }

/** The deleted messages' public ids (the v1 API's), by integer id. */
export type MessageUuids = ReadonlyMap<number, string>

interface RawMessageRow extends Omit<TrimmedMessage, 'created_at'> {
  created_at: Date | string
}

/**
 * Removes the chat's last exchange. Messages are ordered by id, never by timestamp; system
 * messages are never deleted and never count as "last" or as "directly before" (they are skipped).
 *
 * Three statements in one transaction, whatever the number of messages:
 * 1. lock the user's chat row (FOR UPDATE; for a session owner, only while the session is current): concurrent trims of a chat run one after the other,
 *    and each one reads what the previous one left;
 * 2. read the tail: the last assistant message, the user/assistant message before it, and every
 *    user message after it (if there is no assistant message, all the user messages);
 * 3. delete the chosen ids, and in the same statement write the deletion receipt (the chat's
 *    uuid and projects, the message count) and NOTIFY `messages.deleted` with them, for the chat's
 *    live sockets on every instance, and `chat.updated` for the user's (the project lists show
 *    its new updated_at).
 */
export async function trimLastExchange(db: Db, owner: Owner, chatId: number, receipt: ReceiptSource, expectedLastMessageId?: number): Promise<TrimLastExchangeResult> {
  return db.transaction(async (tx) => {
    const chat = await rowsOf<{ id: number }>(tx, sql`
      SELECT id FROM chat_conversation WHERE id = ${chatId} AND neptun_user_id = ${ownerId(owner)} AND ${sessionCurrent(owner)} FOR UPDATE`)
    if (chat.length === 0) return { kind: 'chat_not_found' }

    const rows = await rowsOf<RawMessageRow & { uuid: string }>(tx, sql`
      WITH last_assistant AS (
        SELECT max(id) AS id FROM chat_conversation_message
        WHERE chat_conversation_id = ${chatId} AND actor = 'assistant'
      ), before_last_assistant AS (
        -- ORDER BY … LIMIT 1 walks the (chat, id) index backwards and stops at the first match;
        -- max() over a join read every earlier message of the chat.
        SELECT m.id FROM chat_conversation_message m
        WHERE m.chat_conversation_id = ${chatId} AND m.actor <> 'system' AND m.id < (SELECT id FROM last_assistant)
        ORDER BY m.id DESC
        LIMIT 1
      )
      SELECT m.id, m.chat_conversation_id, m.actor, m.message, m.created_at, m.uuid
      FROM chat_conversation_message m
      WHERE m.chat_conversation_id = ${chatId} AND m.actor <> 'system'
        AND m.id >= coalesce((SELECT id FROM before_last_assistant), (SELECT id FROM last_assistant), 0)
      ORDER BY m.id`)
    const uuids = new Map(rows.map(row => [Number(row.id), row.uuid]))
    const tail = rows.map(({ uuid: _, ...row }) => ({ ...row, id: Number(row.id), chat_conversation_id: Number(row.chat_conversation_id), created_at: toDate(row.created_at) }))

    const last = tail.at(-1)
    if (expectedLastMessageId !== undefined && last?.id !== expectedLastMessageId) {
      return { kind: 'changed', lastMessageId: last?.id ?? null }
    }
    if (!last) return { kind: 'no_messages' }

    const chosen = messagesToTrim(tail)
    const ids = chosen.map(message => message.id)
    const [done] = await rowsOf<{ deleted: number, receipt_id: string }>(tx, sql`
      WITH gone AS (
        DELETE FROM chat_conversation_message
        WHERE chat_conversation_id = ${chatId} AND id = ANY(${intArray(ids)}::int4[])
        RETURNING id),
      receipt AS (${insertReceipt({
        userId: ownerId(owner),
        source: receipt,
        chatUuids: sql`ARRAY(SELECT uuid FROM chat_conversation WHERE id = ${chatId})`,
        projectIds: sql`ARRAY(SELECT project_id FROM project_chat_conversation WHERE chat_conversation_id = ${chatId} ORDER BY 1)`,
        chats: 0,
        messages: sql`(SELECT count(*) FROM gone)`,
        projectLinks: 0,
      })})
      SELECT (SELECT count(*)::int4 FROM gone) AS deleted, (SELECT uuid FROM receipt) AS receipt_id,
        ${queueLiveNotices([{ type: 'messages.deleted', chat: chatId, ids }, { type: 'chat.updated', user: ownerId(owner), chats: [chatId] }])} AS notices`)
    // The chat row is locked, so nobody else removed them; if it happens, everything (notices too) rolls back.
    if (!done || Number(done.deleted) !== ids.length) throw new Error(`deleted ${done?.deleted} of ${ids.length} messages`)
    const receiptId = done.receipt_id
    return last.actor === 'user'
      ? { kind: 'trailing_user_messages', deleted: chosen, receiptId, uuids }
      : { kind: 'exchange', assistant: last, ...(chosen.length === 2 ? { user: chosen[0]! } : {}), receiptId, uuids }
  })
}
