import { sql } from 'drizzle-orm'
import type { V1Chat } from '#shared/types/api'
import type { Db, DbOrTx, Tx } from '../client'
import type { Dated } from '../contract'
import { queueLiveNotices } from '#server/live/events'
import { filterConditions, searchedChats, type ChatSearch } from '#server/search'
import type { ReceiptSource } from '#server/receipts/source'
import { insertReceipt } from '#server/receipts/write'
import { deleteMessagesAndLinks } from './chat-deletion'
import { intArray, rowsOf, toDate } from './rows'

// The v1 API names chats by uuid only: no integer id leaves these functions.

/** A V1Chat (GET /api/v1/chats) with its times as Dates. */
type V1ChatRow = Dated<V1Chat>

/** A position in the list: the last row's exact updated_at (microseconds, as text) and uuid. */
export interface V1ChatCursor {
  updatedAt: string
  id: string
}

type RawChat = Omit<V1ChatRow, 'created_at' | 'updated_at' | 'message_count'> & {
  created_at: Date | string
  updated_at: Date | string
  message_count: number | string
  /** updated_at in full: JS dates stop at milliseconds, Postgres keeps microseconds. */
  cursor_updated_at: string
}

const chatColumns = sql`
  c.uuid AS id, c.name, c.model, c.created_at, c.updated_at,
  to_char(c.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_updated_at,
  (SELECT count(*) FROM chat_conversation_message m WHERE m.chat_conversation_id = c.id) AS message_count`

function toChat({ cursor_updated_at: _, ...row }: RawChat): V1ChatRow {
  return { ...row, created_at: toDate(row.created_at), updated_at: toDate(row.updated_at), message_count: Number(row.message_count) }
}

/** The user's chat with this uuid (ownership in the same WHERE), or undefined. */
export async function findV1Chat(db: DbOrTx, userId: number, chatUuid: string): Promise<V1ChatRow | undefined> {
  const [row] = await rowsOf<RawChat>(db, sql`
    SELECT ${chatColumns} FROM chat_conversation c WHERE c.uuid = ${chatUuid}::uuid AND c.neptun_user_id = ${userId}`)
  return row && toChat(row)
}

/**
 * A page of the user's chats, newest updated_at first (uuid breaks ties), after `cursor`: a walk
 * of chat_conversation_user_updated_idx. `search` narrows it (server/search: q through the search
 * indexes, the filters as conditions); the order stays the same. The row comparison uses the cursor's exact timestamp
 * text, so no chat is skipped or repeated between pages. `next` is set when more rows follow.
 */
export async function listV1Chats(db: DbOrTx, userId: number, limit: number, cursor?: V1ChatCursor, search: ChatSearch = { query: null, filters: {} }): Promise<{ chats: V1ChatRow[], next: V1ChatCursor | null }> {
  const conditions = [
    sql`c.neptun_user_id = ${userId}`,
    ...filterConditions(search.filters),
    ...(cursor ? [sql`(c.updated_at, c.uuid) < (${cursor.updatedAt}::timestamptz, ${cursor.id}::uuid)`] : []),
  ]
  const rows = await rowsOf<RawChat>(db, sql`
    SELECT ${chatColumns} FROM ${searchedChats(userId, search.query)}
    WHERE ${sql.join(conditions, sql` AND `)}
    ORDER BY c.updated_at DESC, c.uuid DESC
    LIMIT ${limit + 1}`)
  const page = rows.slice(0, limit)
  const last = page.at(-1)
  const next = rows.length > limit && last ? { updatedAt: last.cursor_updated_at, id: last.id } : null
  return { chats: page.map(toChat), next }
}

export type DeleteV1ChatResult
  = | { kind: 'chat_not_found' }
  /** beforeDelete said no: nothing was deleted. */
    | { kind: 'refused' }
    | { kind: 'deleted', deletedAt: Date, receiptId: string }

export interface DeleteV1ChatOptions {
  /** Who asks, for the deletion receipt (written by the chat's DELETE statement). */
  receipt: ReceiptSource
  /**
   * The seam for checks that must hold while the chat is locked (issue 8: live connections → 409).
   * Runs inside the transaction right after the owned chat row is locked FOR UPDATE and before
   * anything is deleted; answering false keeps the chat (`refused`), throwing rolls back.
   */
  beforeDelete?: (tx: Tx, chatId: number) => Promise<boolean>
}

const RETRYABLE = new Set(['40001', '40P01']) // serialization failure, deadlock detected
const ATTEMPTS = 3

/**
 * Deletes the user's chat with this uuid, its project links and its messages, in one transaction:
 * 1. lock the owned chat row (missing or another user's → chat_not_found; a concurrent delete of
 *    the same chat waits here and then finds nothing);
 * 2. options.beforeDelete;
 * 3. delete messages, links, the chat (its live_connection rows cascade); the last DELETE also
 *    writes the deletion receipt and queues NOTIFY `chat.deleted`: the chat's live sockets, on every instance, hear it and close (4004).
 * A deadlock or serialization failure is retried (the transaction rolled back whole), so parallel
 * deletes answer deleted or not found, never an error.
 */
export function deleteV1Chat(db: Db, userId: number, chatUuid: string, options: DeleteV1ChatOptions): Promise<DeleteV1ChatResult> {
  return retryingDeadlocks(() => deleteOnce(db, userId, chatUuid, options))
}

/** Runs a transaction again (up to 3 times in all) when it failed on a deadlock or a serialization failure. */
export async function retryingDeadlocks<T>(transaction: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction()
    }
    catch (error) {
      if (attempt >= ATTEMPTS || !RETRYABLE.has(postgresCodeOf(error) ?? '')) throw error
    }
  }
}

function deleteOnce(db: Db, userId: number, chatUuid: string, { beforeDelete, receipt }: DeleteV1ChatOptions): Promise<DeleteV1ChatResult> {
  return db.transaction(async (tx) => {
    const [chat] = await rowsOf<{ id: number }>(tx, sql`
      SELECT id FROM chat_conversation WHERE uuid = ${chatUuid}::uuid AND neptun_user_id = ${userId} FOR UPDATE`)
    if (!chat) return { kind: 'chat_not_found' }
    const chatId = Number(chat.id)
    if (beforeDelete && !(await beforeDelete(tx, chatId))) return { kind: 'refused' }
    const removed = await deleteMessagesAndLinks(tx, sql`= ${chatId}`)
    const [deleted] = await rowsOf<{ deleted_at: Date | string | null, receipt_id: string }>(tx, sql`
      WITH gone AS (DELETE FROM chat_conversation WHERE id = ${chatId} RETURNING uuid, now() AS deleted_at),
      receipt AS (${insertReceipt({
        userId,
        source: receipt,
        chatUuids: sql`ARRAY(SELECT uuid FROM gone)`,
        projectIds: sql`${intArray(removed.projectIds)}::int4[]`,
        chats: sql`(SELECT count(*) FROM gone)`,
        messages: removed.messages,
        projectLinks: removed.links,
      })})
      SELECT (SELECT deleted_at FROM gone) AS deleted_at, (SELECT uuid FROM receipt) AS receipt_id,
        ${queueLiveNotices([{ type: 'chat.deleted', user: userId, chats: [chatId] }])} AS notices`)
    // The row is locked, so this cannot happen; if it does, the transaction (and its notice) rolls back.
    if (!deleted?.deleted_at) throw new Error(`locked chat ${chatId} was not deleted`)
    return { kind: 'deleted', deletedAt: toDate(deleted.deleted_at), receiptId: deleted.receipt_id }
  })
}

/** The SQLSTATE of a driver error, whether drizzle wrapped it or not. */
function postgresCodeOf(error: unknown): string | undefined {
  for (let e = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string') return code
  }
  return undefined
}
