import { sql, type SQL } from 'drizzle-orm'
import type { ReceiptSource } from './source'

export interface ReceiptValues {
  userId: number
  source: ReceiptSource
  /** uuid[] expressions and counts: SQL over the deleting statement's CTEs, or plain values. */
  chatUuids: SQL
  projectIds: SQL
  chats: SQL | number
  messages: SQL | number
  projectLinks: SQL | number
}

/**
 * The INSERT of a receipt, for a CTE of the statement that deletes (`receipt AS (${insertReceipt(…)})`):
 * the receipt commits exactly when the deletion does and costs no statement of its own. It answers
 * the receipt's uuid. An API key's prefix is read here, so the caller only knows the key's id.
 */
export function insertReceipt(values: ReceiptValues): SQL {
  const { actor, route, requestId } = values.source
  const keyId = actor.kind === 'api_key' ? actor.keyId : null
  const prefix = keyId === null ? sql`NULL::text` : sql`(SELECT prefix FROM neptun_api_key WHERE id = ${keyId})`
  return sql`
    INSERT INTO deletion_receipts (neptun_user_id, actor, api_key_id, api_key_prefix, project_ids, route, request_id, chat_uuids, chats_deleted, messages_deleted, project_links_deleted)
    SELECT ${values.userId}, ${actor.kind}::deletion_receipt_actor, ${keyId}::int4, ${prefix}, ${values.projectIds}, ${route}, ${requestId}::text,
      ${values.chatUuids}, ${values.chats}::int4, ${values.messages}::int4, ${values.projectLinks}::int4
    RETURNING uuid`
}
