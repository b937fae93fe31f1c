import { sql, type SQL } from 'drizzle-orm'
import type { Db } from '../client'
import type { AccountDeletionCounts } from '#shared/types/account'
import { notifyLive, queueLiveNotices } from '#server/live/events'
import { deleteMessagesAndLinks } from './chat-deletion'
import { intArray, rowsOf, toDate } from './rows'

/** The most chats (or projects, or receipts) one transaction of an account deletion removes. */
export const ACCOUNT_DELETE_CHUNK = 1000

export type DeleteAccountResult
  = | { kind: 'session_revoked' }
    | { kind: 'deleted', deletedAt: Date, counts: AccountDeletionCounts }

/**
 * Deletes the account of a current session with everything it has, in bounded transactions:
 * 1. one transaction ends every session (the version moves on) and revokes every API key, and
 *    queues the revocations: every instance closes the account's live sockets with 4001 when it
 *    commits, and nothing of the account can be read or changed from then on. A session that is
 *    no longer current (signed out meanwhile) stops it here: `session_revoked`, nothing changed;
 * 2. the chats, `chunk` at a time, each chunk one transaction (messages, links, chats; their
 *    sockets' `chat.deleted` queued as any delete's), then the projects (their retention policies
 *    and any other account's chats' links into them cascade) and the receipts, `chunk` at a time;
 * 3. one last transaction: the API keys and the account row (whatever a request still in flight
 *    added meanwhile cascades with it).
 * No receipt is stored: the account and its receipts are gone. The caller hands the counts back.
 * Should it stop midway (the process killed), every step is whole: the account is signed out,
 * its keys revoked, and signing in and deleting again removes the rest.
 */
export async function deleteAccount(db: Db, owner: { id: number, sessionVersion: number }, chunk = ACCOUNT_DELETE_CHUNK): Promise<DeleteAccountResult> {
  const userId = owner.id
  const revoked = await db.transaction(async (tx) => {
    const [row] = await rowsOf<{ bumped: number, key_ids: string }>(tx, sql`
      WITH bumped AS (
        UPDATE neptun_user SET session_version = session_version + 1
        WHERE id = ${userId} AND session_version = ${owner.sessionVersion} RETURNING id
      ), keys AS (
        UPDATE neptun_api_key SET revoked_at = now()
        WHERE neptun_user_id = ${userId} AND revoked_at IS NULL AND EXISTS (SELECT 1 FROM bumped) RETURNING id
      )
      SELECT (SELECT count(*)::int4 FROM bumped) AS bumped, array_to_string(ARRAY(SELECT id FROM keys ORDER BY id), ',') AS key_ids`)
    if (Number(row?.bumped) !== 1) return false
    const keyIds = String(row!.key_ids ?? '') === '' ? [] : String(row!.key_ids).split(',').map(Number)
    await notifyLive(tx, [
      { type: 'sessions.revoked', user: userId, below: owner.sessionVersion + 1 },
      ...keyIds.map(key => ({ type: 'api-key.revoked' as const, user: userId, key })),
    ])
    return true
  })
  if (!revoked) return { kind: 'session_revoked' }

  const counts: AccountDeletionCounts = { chats: 0, messages: 0, projects: 0, api_keys: 0, receipts: 0 }
  for (;;) {
    const step = await deleteChatChunk(db, userId, chunk)
    if (step.chats === 0) break
    counts.chats += step.chats
    counts.messages += step.messages
  }
  counts.projects = await deleteInChunks(db, sql`neptun_user_project`, sql`id`, userId, chunk)
  counts.receipts = await deleteInChunks(db, sql`deletion_receipts`, sql`uuid`, userId, chunk)
  const [last] = await rowsOf<{ api_keys: number, deleted_at: Date | string }>(db, sql`
    WITH keys AS (DELETE FROM neptun_api_key WHERE neptun_user_id = ${userId} RETURNING 1),
    account AS (DELETE FROM neptun_user WHERE id = ${userId} RETURNING 1)
    SELECT (SELECT count(*)::int4 FROM keys) AS api_keys, (SELECT count(*) FROM account) AS accounts, now() AS deleted_at`)
  counts.api_keys = Number(last?.api_keys ?? 0)
  return { kind: 'deleted', deletedAt: toDate(last!.deleted_at), counts }
}

/** One transaction: up to `chunk` of the user's chats (lowest ids, locked) with their messages and links. */
async function deleteChatChunk(db: Db, userId: number, chunk: number): Promise<{ chats: number, messages: number }> {
  return db.transaction(async (tx) => {
    const ids = (await rowsOf<{ id: number }>(tx, sql`
      SELECT id FROM chat_conversation WHERE neptun_user_id = ${userId} ORDER BY id LIMIT ${chunk} FOR UPDATE`)).map(row => Number(row.id))
    if (ids.length === 0) return { chats: 0, messages: 0 }
    const chats = sql`= ANY(${intArray(ids)}::int4[])`
    const removed = await deleteMessagesAndLinks(tx, chats)
    const [done] = await rowsOf<{ deleted: number }>(tx, sql`
      WITH gone AS (DELETE FROM chat_conversation WHERE id ${chats} AND neptun_user_id = ${userId} RETURNING 1)
      SELECT (SELECT count(*)::int4 FROM gone) AS deleted, ${queueLiveNotices([{ type: 'chat.deleted', user: userId, chats: ids }])} AS notices`)
    return { chats: Number(done?.deleted ?? 0), messages: removed.messages }
  })
}

/** Deletes the user's rows of a table `chunk` at a time (each DELETE its own transaction); answers how many went. */
async function deleteInChunks(db: Db, table: SQL, key: SQL, userId: number, chunk: number): Promise<number> {
  let total = 0
  for (;;) {
    const [row] = await rowsOf<{ n: number }>(db, sql`
      WITH gone AS (
        DELETE FROM ${table} WHERE ${key} IN (SELECT ${key} FROM ${table} WHERE neptun_user_id = ${userId} LIMIT ${chunk}) RETURNING 1)
      SELECT count(*)::int4 AS n FROM gone`)
    const n = Number(row?.n ?? 0)
    total += n
    if (n < chunk) return total
  }
}
