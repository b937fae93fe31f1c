import { sql } from 'drizzle-orm'
import type { Receipt, ReceiptActorKind, ReceiptSummary } from '#shared/types/receipts'
import type { DbOrTx } from '#server/database/client'
import type { Dated } from '#server/database/contract'
import { rowsOf, toDate } from '#server/database/queries/rows'

/** A position in the history: the last row's exact created_at (microseconds, as text) and uuid. */
export interface ReceiptCursor {
  createdAt: string
  id: string
}

export interface ReceiptFilter {
  actor?: ReceiptActorKind
  projectId?: number
}

interface RawReceipt {
  id: string
  created_at: Date | string
  cursor_created_at: string
  actor: ReceiptActorKind
  api_key_id: number | null
  api_key_prefix: string | null
  route: string
  request_id: string | null
  project_ids: number[] | string
  chat_ids?: string[] | string
  chats: number
  messages: number
  project_links: number
}

const summaryColumns = sql`
  r.uuid AS id, r.created_at, r.actor, r.api_key_id, r.api_key_prefix, r.route, r.request_id, r.project_ids,
  to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_created_at,
  r.chats_deleted AS chats, r.messages_deleted AS messages, r.project_links_deleted AS project_links`

/** PGlite answers some arrays as Postgres' text form; pg parses them. */
function arrayOf(value: string[] | number[] | string | undefined): string[] {
  if (value === undefined) return []
  if (Array.isArray(value)) return value.map(String)
  const inner = value.replace(/^\{|\}$/g, '')
  return inner === '' ? [] : inner.split(',')
}

function toSummary(row: RawReceipt): Dated<ReceiptSummary> {
  return {
    id: row.id,
    created_at: toDate(row.created_at),
    actor: { kind: row.actor, api_key_id: row.api_key_id === null ? null : Number(row.api_key_id), api_key_prefix: row.api_key_prefix },
    route: row.route,
    request_id: row.request_id,
    project_ids: arrayOf(row.project_ids).map(Number),
    counts: { chats: Number(row.chats), messages: Number(row.messages), project_links: Number(row.project_links) },
  }
}

/**
 * A page of the user's receipts, newest first (uuid breaks ties: one transaction's receipts share
 * their time), after `cursor`, optionally only one actor's or those touching one project. A walk
 * of deletion_receipts_user_created_idx. `next` is set when more rows follow.
 */
export async function listReceipts(db: DbOrTx, userId: number, limit: number, filter: ReceiptFilter = {}, cursor?: ReceiptCursor): Promise<{ receipts: Dated<ReceiptSummary>[], next: ReceiptCursor | null }> {
  const after = cursor ? sql`AND (r.created_at, r.uuid) < (${cursor.createdAt}::timestamptz, ${cursor.id}::uuid)` : sql``
  const actor = filter.actor ? sql`AND r.actor = ${filter.actor}::deletion_receipt_actor` : sql``
  const project = filter.projectId === undefined ? sql`` : sql`AND r.project_ids @> ARRAY[${filter.projectId}::int4]`
  const rows = await rowsOf<RawReceipt>(db, sql`
    SELECT ${summaryColumns} FROM deletion_receipts r
    WHERE r.neptun_user_id = ${userId} ${actor} ${project} ${after}
    ORDER BY r.created_at DESC, r.uuid DESC
    LIMIT ${limit + 1}`)
  const page = rows.slice(0, limit)
  const last = page.at(-1)
  const next = rows.length > limit && last ? { createdAt: last.cursor_created_at, id: last.id } : null
  return { receipts: page.map(toSummary), next }
}

/** The user's receipt with this uuid (ownership in the same WHERE: another account's is undefined). */
export async function findReceipt(db: DbOrTx, userId: number, receiptId: string): Promise<Dated<Receipt> | undefined> {
  const [row] = await rowsOf<RawReceipt>(db, sql`
    SELECT ${summaryColumns}, r.chat_uuids AS chat_ids FROM deletion_receipts r
    WHERE r.uuid = ${receiptId}::uuid AND r.neptun_user_id = ${userId}`)
  return row && { ...toSummary(row), chat_ids: arrayOf(row.chat_ids) }
}
