import { sql } from 'drizzle-orm'
import type { Db } from '../client'
import type { ReceiptSource } from '#server/receipts/source'
import { deleteLockedChats } from './chat-deletion'
import { intArray, rowsOf } from './rows'
import { ownerId, sessionCurrent, type Owner } from './session-scope'

export type DeleteProjectChatsResult
  = | { kind: 'project_not_found' }
    | { kind: 'chats_not_found', missingChatIds: number[] }
    | { kind: 'deleted', chatIds: number[], receiptId: string }

/**
 * Deletes chats of the user linked to the user's project, with their links and messages, all or
 * nothing, in 4 statements whatever the count:
 * 1. one SELECT finds the owned project (for a session owner: only while the session is current) (FOR KEY SHARE: it cannot vanish meanwhile) and locks,
 *    in id order, every listed chat that is the user's and linked to it (FOR UPDATE);
 * 2. any listed id not locked → nothing is deleted;
 * 3. three set-based DELETEs: messages, links, chats (their live_connection rows cascade), the
 *    first two answering what they removed; the last one also writes the deletion receipt (chat
 *    uuids, counts, `receipt`'s actor and request) and queues the NOTIFY: live sockets on these
 *    chats get `chat.deleted` and close, on every instance, once this commits. Live connections
 *    never refuse this cookie-route delete.
 * Duplicated ids count once. Two concurrent deletes of the same chat run one after the other; the
 * second no longer finds it.
 */
export async function deleteProjectChats(db: Db, owner: Owner, projectId: number, chatIds: readonly number[], receipt: ReceiptSource): Promise<DeleteProjectChatsResult> {
  const userId = ownerId(owner)
  const wanted = [...new Set(chatIds)].sort((a, b) => a - b)
  return db.transaction(async (tx) => {
    const found = await rowsOf<{ project_id: number, chat_id: number | null }>(tx, sql`
      SELECT p.id AS project_id, c.id AS chat_id
      FROM neptun_user_project p
      LEFT JOIN LATERAL (
        SELECT c.id FROM chat_conversation c
        WHERE c.id = ANY(${intArray(wanted)}::int4[]) AND c.neptun_user_id = ${userId}
          AND EXISTS (SELECT 1 FROM project_chat_conversation l WHERE l.project_id = p.id AND l.chat_conversation_id = c.id)
        ORDER BY c.id
        FOR UPDATE OF c
      ) c ON true
      WHERE p.id = ${projectId} AND p.neptun_user_id = ${userId} AND ${sessionCurrent(owner)}
      FOR KEY SHARE OF p`)
    if (found.length === 0) return { kind: 'project_not_found' }
    const locked = new Set(found.flatMap(row => row.chat_id === null ? [] : [Number(row.chat_id)]))
    const missingChatIds = wanted.filter(id => !locked.has(id))
    if (missingChatIds.length > 0) return { kind: 'chats_not_found', missingChatIds }

    return { kind: 'deleted', chatIds: wanted, receiptId: await deleteLockedChats(tx, userId, wanted, receipt) }
  })
}

export type DeleteProjectChatResult
  = | { kind: 'project_not_found' }
    | { kind: 'chat_not_found' }
    | { kind: 'deleted', receiptId: string }

/** One chat of the user's project, with its links and messages: the batch delete with one id. */
export async function deleteProjectChat(db: Db, owner: Owner, projectId: number, chatId: number, receipt: ReceiptSource): Promise<DeleteProjectChatResult> {
  const result = await deleteProjectChats(db, owner, projectId, [chatId], receipt)
  if (result.kind === 'chats_not_found') return { kind: 'chat_not_found' }
  if (result.kind === 'deleted') return { kind: 'deleted', receiptId: result.receiptId }
  return result
}
