import { sql } from 'drizzle-orm'
import type { V1BatchDeleteResult } from '#shared/types/api'
import type { Db } from '../client'
import { countLiveConnectionsByChat } from '#server/live/presence'
import type { ReceiptSource } from '#server/receipts/source'
import { deleteLockedChats } from './chat-deletion'
import { rowsOf } from './rows'
import { retryingDeadlocks } from './v1-chats'

// POST /api/v1/chats/batch-delete (docs/api.md): up to 1,000 chats by uuid, each deleted whole or
// not at all, in chunks of V1_BATCH_CHUNK distinct ids, one transaction each.

/** Distinct ids per transaction: short row locks, and a statement timeout far away even for large chats. */
export const V1_BATCH_CHUNK = 250

export interface BatchDeleteV1Options {
  /** true: lock nothing, delete nothing, answer what a real run would do now. */
  dryRun: boolean
  /** true: delete chats even while live sockets follow them (their sockets close with 4004). */
  force: boolean
  liveTtlSeconds: number
  /** Who asks, for each chunk's deletion receipt. */
  receipt: ReceiptSource
}

type Outcome
  = | { status: 'deleted', receipt_id: string | null }
    | { status: 'not_found' }
    | { status: 'active_connections', active_connections: number }

/**
 * One result per given uuid, in the given order; a repeated uuid is deleted once and every
 * occurrence answers its outcome. Another user's chat is `not_found`, exactly as a missing one.
 * Each chunk runs at most 5 statements whatever its size: lock the owned chats (FOR UPDATE, id
 * order), count their fresh live connections (unless force), then messages, links, and the chats'
 * DELETE with its receipt and `chat.deleted` notices. A chunk that fails rolls back whole (a
 * deadlock is retried); chunks committed before it stay deleted, and the request fails.
 */
export async function batchDeleteV1Chats(db: Db, userId: number, chatUuids: readonly string[], options: BatchDeleteV1Options): Promise<V1BatchDeleteResult[]> {
  const distinct = [...new Set(chatUuids)]
  const outcomes = new Map<string, Outcome>()
  for (let start = 0; start < distinct.length; start += V1_BATCH_CHUNK) {
    const chunk = distinct.slice(start, start + V1_BATCH_CHUNK)
    const done = await retryingDeadlocks(() => deleteChunk(db, userId, chunk, options))
    for (const [uuid, outcome] of done) outcomes.set(uuid, outcome)
  }
  return chatUuids.map(chat_id => ({ chat_id, ...outcomes.get(chat_id) ?? { status: 'not_found' } }))
}

function deleteChunk(db: Db, userId: number, uuids: readonly string[], options: BatchDeleteV1Options): Promise<Map<string, Outcome>> {
  const { dryRun, force, liveTtlSeconds } = options
  return db.transaction(async (tx) => {
    // uuids are validated (UUID_PATTERN) and lower-cased by the contract: one array parameter.
    const found = await rowsOf<{ id: number, uuid: string }>(tx, sql`
      SELECT id, uuid FROM chat_conversation
      WHERE uuid = ANY(${`{${uuids.join(',')}}`}::uuid[]) AND neptun_user_id = ${userId}
      ORDER BY id ${dryRun ? sql`` : sql`FOR UPDATE`}`)
    const live = force ? new Map<number, number>() : await countLiveConnectionsByChat(tx, found.map(row => Number(row.id)), liveTtlSeconds)
    const outcomes = new Map<string, Outcome>(uuids.map(uuid => [uuid, { status: 'not_found' }]))
    const doomed: { id: number, uuid: string }[] = []
    for (const row of found) {
      const connections = live.get(Number(row.id)) ?? 0
      if (connections > 0) outcomes.set(row.uuid, { status: 'active_connections', active_connections: connections })
      else doomed.push({ id: Number(row.id), uuid: row.uuid })
    }
    const receiptId = dryRun || doomed.length === 0 ? null : await deleteLockedChats(tx, userId, doomed.map(row => row.id), options.receipt)
    for (const row of doomed) outcomes.set(row.uuid, { status: 'deleted', receipt_id: receiptId })
    return outcomes
  })
}
