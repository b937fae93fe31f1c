import { sql } from 'drizzle-orm'
import type { Db, Tx } from '../client'
import { queueLiveNotices } from '#server/live/events'
import type { ReceiptSource } from '#server/receipts/source'
import { insertReceipt } from '#server/receipts/write'
import { deleteMessagesAndLinks } from './chat-deletion'
import { intArray, rowsOf } from './rows'
import { ownerId, sessionCurrent, type Owner } from './session-scope'

/** The most chats one step of a project deletion touches (one transaction), as the retention sweep. */
export const PROJECT_DELETE_CHUNK = 1000

export type DeleteProjectStepResult
  = | { kind: 'project_not_found' }
    | {
      kind: 'step'
      /** true: this step deleted the project row too; nothing is left. */
      projectDeleted: boolean
      chatsDeleted: number
      chatsUnlinked: number
      /** Chats still linked to the project after this step. */
      chatsRemaining: number
      receiptId: string
    }

/**
 * One step of deleting the user's project, one transaction touching at most `chunk` of its chats
 * (the lowest ids): the user's chats linked to no other project go (messages, links, the chat; live
 * sockets get `chat.deleted` and close, as the batch delete: live connections never refuse it),
 * every other chat in the chunk (linked to another project too, or another user's) is only
 * unlinked. When the chunk was the last, the project row goes in the same transaction (its
 * retention policy cascades). Every step writes its receipt; the caller repeats until
 * projectDeleted. The project is locked FOR UPDATE first, so no chat is linked to it meanwhile;
 * the user's chats in the chunk are locked FOR UPDATE before they are sorted into deleted and
 * unlinked, so no chat is linked to another project meanwhile either.
 */
export async function deleteProjectStep(db: Db, owner: Owner, projectId: number, receipt: ReceiptSource, chunk = PROJECT_DELETE_CHUNK): Promise<DeleteProjectStepResult> {
  const userId = ownerId(owner)
  return db.transaction(async (tx) => {
    const linked = await rowsOf<{ chat_id: number | null }>(tx, sql`
      SELECT l.chat_id FROM neptun_user_project p
      LEFT JOIN LATERAL (
        SELECT chat_conversation_id AS chat_id FROM project_chat_conversation
        WHERE project_id = p.id ORDER BY chat_conversation_id LIMIT ${chunk + 1}
      ) l ON true
      WHERE p.id = ${projectId} AND p.neptun_user_id = ${userId} AND ${sessionCurrent(owner)}
      FOR UPDATE OF p`)
    if (linked.length === 0) return { kind: 'project_not_found' }
    const all = linked.flatMap(row => row.chat_id === null ? [] : [Number(row.chat_id)])
    const last = all.length <= chunk
    const ids = all.slice(0, chunk)

    const doomed = await lockOwnUnshared(tx, userId, projectId, ids)
    const doomedSet = new Set(doomed)
    const unlinked = ids.filter(id => !doomedSet.has(id))

    const removed = doomed.length > 0
      ? await deleteMessagesAndLinks(tx, sql`= ANY(${intArray(doomed)}::int4[])`)
      : { messages: 0, links: 0, projectIds: [] }
    const projectIds = intArray([...new Set([projectId, ...removed.projectIds])].sort((a, b) => a - b))
    const [done] = await rowsOf<{ deleted: number, unlinked: number, receipt_id: string, remaining: number }>(tx, sql`
      WITH unlink AS (
        DELETE FROM project_chat_conversation WHERE project_id = ${projectId} AND chat_conversation_id = ANY(${intArray(unlinked)}::int4[])
        RETURNING 1
      ), gone AS (
        DELETE FROM chat_conversation WHERE id = ANY(${intArray(doomed)}::int4[]) AND neptun_user_id = ${userId} RETURNING id, uuid
      ), project AS (
        DELETE FROM neptun_user_project WHERE ${last}::boolean AND id = ${projectId} AND neptun_user_id = ${userId} RETURNING id
      ), receipt AS (${insertReceipt({
        userId,
        source: receipt,
        chatUuids: sql`ARRAY(SELECT uuid FROM gone ORDER BY id)`,
        projectIds: sql`${projectIds}::int4[]`,
        chats: sql`(SELECT count(*) FROM gone)`,
        messages: removed.messages,
        projectLinks: sql`(${removed.links} + (SELECT count(*) FROM unlink))`,
      })})
      SELECT (SELECT count(*)::int4 FROM gone) AS deleted, (SELECT count(*)::int4 FROM unlink) AS unlinked,
        (SELECT uuid FROM receipt) AS receipt_id,
        CASE WHEN ${last}::boolean THEN 0 ELSE (SELECT count(*)::int4 FROM project_chat_conversation WHERE project_id = ${projectId}) - (SELECT count(*)::int4 FROM unlink) END AS remaining,
        (SELECT count(*) FROM project) AS projects,
        ${queueLiveNotices(doomed.length > 0 ? [{ type: 'chat.deleted', user: userId, chats: doomed }] : [])} AS notices`)
    // Everything in the chunk is locked, so this cannot happen; if it does, the step rolls back.
    if (Number(done?.deleted) !== doomed.length) throw new Error(`deleted ${done?.deleted} of ${doomed.length} locked chats`)
    return {
      kind: 'step',
      projectDeleted: last,
      chatsDeleted: doomed.length,
      chatsUnlinked: Number(done.unlinked),
      chatsRemaining: Number(done.remaining),
      receiptId: done.receipt_id,
    }
  })
}

/**
 * Of `ids`, the user's chats linked to no project but `projectId`: every one of the user's chats
 * among `ids` is locked first (FOR UPDATE: nobody links it anywhere meanwhile), then they are
 * sorted in a fresh snapshot that sees every link committed before the lock.
 */
async function lockOwnUnshared(tx: Tx, userId: number, projectId: number, ids: number[]): Promise<number[]> {
  if (ids.length === 0) return []
  await tx.execute(sql`
    SELECT id FROM chat_conversation WHERE id = ANY(${intArray(ids)}::int4[]) AND neptun_user_id = ${userId}
    ORDER BY id FOR UPDATE`)
  const rows = await rowsOf<{ id: number }>(tx, sql`
    SELECT c.id FROM chat_conversation c
    WHERE c.id = ANY(${intArray(ids)}::int4[]) AND c.neptun_user_id = ${userId}
      AND NOT EXISTS (SELECT 1 FROM project_chat_conversation o WHERE o.chat_conversation_id = c.id AND o.project_id <> ${projectId})
    ORDER BY c.id`)
  return rows.map(row => Number(row.id))
}
