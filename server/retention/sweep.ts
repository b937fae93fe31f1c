import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import type { Db, Tx } from '#server/database/client'
import { deleteMessagesAndLinks } from '#server/database/queries/chat-deletion'
import { intArray, rowsOf } from '#server/database/queries/rows'
import { queueLiveNotices } from '#server/live/events'
import { insertReceipt } from '#server/receipts/write'
import { releaseLease, renewLease, takeLease } from './lease'

// The retention sweep (docs/architecture.md, "Retention sweep"): applies every project's policy,
// in chunks of at most CHUNK chats, each chunk one transaction (so no lock is held long and a
// SIGKILL leaves every chunk whole: the next sweep simply finds the rest). Only the holder of the
// lease sweeps; it renews the lease before each chunk and stops if it lost it.

export const SWEEP_LEASE = 'retention-sweep'
export const CHUNK = 1000

export interface SweepOptions {
  /** This instance: the lease's holder. */
  instanceId: string
  leaseSeconds: number
  liveTtlSeconds: number
  chunkSize?: number
  /** Asked before each chunk: true stops the sweep (the server is shutting down). */
  stopping?: () => boolean
  /** Called after each committed chunk (tests stop the process there; the bench times it). */
  afterChunk?: (chunk: ChunkResult) => void | Promise<void>
}

export interface ChunkResult {
  projectId: number
  deleted: number
  skippedLive: number
  /** How long the chunk's transaction held its locks. */
  ms: number
}

export interface SweepResult {
  /** false: another instance holds the lease; nothing was done. */
  swept: boolean
  runId: string
  projects: number
  deleted: number
  skippedLive: number
  chunks: number
  longestChunkMs: number
}

interface Policy {
  project_id: number
  user_id: number
  days: number
}

export async function runRetentionSweep(db: Db, options: SweepOptions): Promise<SweepResult> {
  const runId = randomUUID()
  const result: SweepResult = { swept: false, runId, projects: 0, deleted: 0, skippedLive: 0, chunks: 0, longestChunkMs: 0 }
  const { instanceId, leaseSeconds } = options
  if (!(await takeLease(db, SWEEP_LEASE, instanceId, leaseSeconds))) return result
  result.swept = true
  try {
    const policies = (await rowsOf<Policy>(db, sql`
      SELECT r.project_id, p.neptun_user_id AS user_id, r.days
      FROM project_retention_policy r JOIN neptun_user_project p ON p.id = r.project_id
      ORDER BY r.project_id`)).map(row => ({ project_id: Number(row.project_id), user_id: Number(row.user_id), days: Number(row.days) }))
    for (const policy of policies) {
      let deleted = 0
      let skippedLive = 0
      let after = 0
      for (;;) {
        if (options.stopping?.() || !(await renewLease(db, SWEEP_LEASE, instanceId, leaseSeconds))) return result
        const started = performance.now()
        const chunk = await sweepChunk(db, policy, after, runId, options)
        const ms = performance.now() - started
        if (chunk.lastId === undefined) break
        after = chunk.lastId
        deleted += chunk.deleted
        skippedLive += chunk.skippedLive
        result.deleted += chunk.deleted
        result.skippedLive += chunk.skippedLive
        result.chunks++
        result.longestChunkMs = Math.max(result.longestChunkMs, ms)
        await options.afterChunk?.({ projectId: policy.project_id, deleted: chunk.deleted, skippedLive: chunk.skippedLive, ms })
      }
      await db.execute(sql`
        UPDATE project_retention_policy SET last_run_at = now(), last_deleted_chats = ${deleted}, last_skipped_live = ${skippedLive}
        WHERE project_id = ${policy.project_id}`)
      result.projects++
    }
    return result
  }
  finally {
    await releaseLease(db, SWEEP_LEASE, instanceId).catch(() => {})
  }
}

/**
 * One chunk, one transaction: lock (SKIP LOCKED: a chat being changed or opened live right now
 * waits for the next sweep) up to chunkSize of the project's chats past `after` that are not kept
 * and not updated for `days` days; leave out those with live connections (a handshake records its
 * connection only under a share lock on the chat, so this count holds until commit); delete the
 * rest with their messages and links, writing the chunk's receipt and queueing `chat.deleted`.
 */
async function sweepChunk(db: Db, policy: Policy, after: number, runId: string, options: SweepOptions): Promise<{ lastId?: number, deleted: number, skippedLive: number }> {
  return db.transaction(async (tx) => {
    const locked = (await rowsOf<{ id: number }>(tx, sql`
      SELECT c.id FROM chat_conversation c
      WHERE c.neptun_user_id = ${policy.user_id} AND c.id > ${after} AND NOT c.kept
        AND c.updated_at < now() - make_interval(days => ${policy.days})
        AND EXISTS (SELECT 1 FROM project_chat_conversation l WHERE l.project_id = ${policy.project_id} AND l.chat_conversation_id = c.id)
      ORDER BY c.id
      LIMIT ${options.chunkSize ?? CHUNK}
      FOR UPDATE OF c SKIP LOCKED`)).map(row => Number(row.id))
    if (locked.length === 0) return { deleted: 0, skippedLive: 0 }
    const live = new Set((await rowsOf<{ id: number }>(tx, sql`
      SELECT DISTINCT chat_conversation_id AS id FROM live_connection
      WHERE chat_conversation_id = ANY(${intArray(locked)}::int4[])
        AND heartbeat_at >= now() - make_interval(secs => ${options.liveTtlSeconds})`)).map(row => Number(row.id)))
    const doomed = locked.filter(id => !live.has(id))
    const lastId = locked.at(-1)!
    if (doomed.length > 0) await deleteChunk(tx, policy, doomed, runId)
    return { lastId, deleted: doomed.length, skippedLive: live.size }
  })
}

async function deleteChunk(tx: Tx, policy: Policy, chatIds: number[], runId: string): Promise<void> {
  const ids = intArray(chatIds)
  const removed = await deleteMessagesAndLinks(tx, sql`= ANY(${ids}::int4[])`)
  const [done] = await rowsOf<{ deleted: number }>(tx, sql`
    WITH gone AS (DELETE FROM chat_conversation WHERE id = ANY(${ids}::int4[]) AND neptun_user_id = ${policy.user_id} RETURNING id, uuid),
    receipt AS (${insertReceipt({
      userId: policy.user_id,
      source: { actor: { kind: 'retention' }, route: 'retention sweep', requestId: runId },
      chatUuids: sql`ARRAY(SELECT uuid FROM gone ORDER BY id)`,
      projectIds: sql`${intArray([...new Set([policy.project_id, ...removed.projectIds])].sort((a, b) => a - b))}::int4[]`,
      chats: sql`(SELECT count(*) FROM gone)`,
      messages: removed.messages,
      projectLinks: removed.links,
    })})
    SELECT (SELECT count(*)::int4 FROM gone) AS deleted, (SELECT count(*) FROM receipt) AS receipts,
      ${queueLiveNotices([{ type: 'chat.deleted', user: policy.user_id, chats: chatIds }])} AS notices`)
  // The rows are locked, so this cannot happen; if it does, the chunk (and its notices) rolls back.
  if (Number(done?.deleted) !== chatIds.length) throw new Error(`retention deleted ${done?.deleted} of ${chatIds.length} locked chats`)
}
