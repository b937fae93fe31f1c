import { sql, type SQL } from 'drizzle-orm'
import { queueLiveNotices } from '#server/live/events'
import type { ReceiptSource } from '#server/receipts/source'
import { insertReceipt } from '#server/receipts/write'
import type { Tx } from '../client'
import { intArray, rowsOf } from './rows'

// What every chat delete runs before the DELETE of the chats themselves (which writes the receipt
// with these counts): the cookie routes, v1, the retention sweep and account deletion.

/** What deleteMessagesAndLinks removed, for the receipt. */
export interface RemovedMessagesAndLinks {
  messages: number
  links: number
  /** The projects whose links went, ascending. */
  projectIds: number[]
}

/**
 * The two DELETEs before a chat's own: the messages, then the project links, of the chats that
 * `chats` (`= 5`, `= ANY(…)`) picks, each answering what it removed (2 statements).
 */
export async function deleteMessagesAndLinks(tx: Tx, chats: SQL): Promise<RemovedMessagesAndLinks> {
  const [messages] = await rowsOf<{ n: number }>(tx, sql`
    WITH gone AS (DELETE FROM chat_conversation_message WHERE chat_conversation_id ${chats} RETURNING 1)
    SELECT count(*)::int4 AS n FROM gone`)
  const [links] = await rowsOf<{ n: number, project_ids: number[] | string }>(tx, sql`
    WITH gone AS (DELETE FROM project_chat_conversation WHERE chat_conversation_id ${chats} RETURNING project_id)
    SELECT count(*)::int4 AS n, array_to_string(ARRAY(SELECT DISTINCT project_id FROM gone ORDER BY 1), ',') AS project_ids FROM gone`)
  const projectIds = String(links?.project_ids ?? '')
  return {
    messages: Number(messages?.n ?? 0),
    links: Number(links?.n ?? 0),
    projectIds: projectIds === '' ? [] : projectIds.split(',').map(Number),
  }
}

/**
 * The locked chats' messages, links and rows (3 statements), one receipt and their `chat.deleted`
 * notices; answers the receipt's id. The chats must be the user's and locked by the caller.
 */
export async function deleteLockedChats(tx: Tx, userId: number, chatIds: number[], receipt: ReceiptSource): Promise<string> {
  const ids = intArray(chatIds)
  const removed = await deleteMessagesAndLinks(tx, sql`= ANY(${ids}::int4[])`)
  const [done] = await rowsOf<{ deleted: number, receipt_id: string }>(tx, sql`
    WITH gone AS (DELETE FROM chat_conversation WHERE id = ANY(${ids}::int4[]) AND neptun_user_id = ${userId} RETURNING id, uuid),
    receipt AS (${insertReceipt({
      userId,
      source: receipt,
      chatUuids: sql`ARRAY(SELECT uuid FROM gone ORDER BY id)`,
      projectIds: sql`${intArray(removed.projectIds)}::int4[]`,
      chats: sql`(SELECT count(*) FROM gone)`,
      messages: removed.messages,
      projectLinks: removed.links,
    })})
    SELECT (SELECT count(*)::int4 FROM gone) AS deleted, (SELECT uuid FROM receipt) AS receipt_id,
      ${queueLiveNotices([{ type: 'chat.deleted', user: userId, chats: chatIds }])} AS notices`)
  // The rows are locked, so this cannot happen; if it does, the transaction (and its notices) rolls back.
  if (Number(done?.deleted) !== chatIds.length) throw new Error(`deleted ${done?.deleted} of ${chatIds.length} locked chats`)
  return done.receipt_id
}
