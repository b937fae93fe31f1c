import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../server/database/client'
import { intArray, rowsOf } from '../../server/database/queries/rows'
import { findRetentionPolicy, previewRetention, setRetentionPolicy } from '../../server/retention/policy'
import { runRetentionSweep, type SweepOptions } from '../../server/retention/sweep'
import { FaultyDatabase, insertChat, insertProject, insertUser, stateOf } from './harness'
import { pollUntil } from '../helpers/poll'

// The retention sweep in-process, on PGlite and on Postgres: what it deletes and skips, its chunks
// and their receipts, and its lease.

let fdb: FaultyDatabase
beforeAll(async () => {
  fdb = await FaultyDatabase.open()
})
afterAll(async () => {
  await fdb?.close()
})

const TTL = 30
const options = (overrides: Partial<SweepOptions> = {}): SweepOptions => ({ instanceId: randomUUID(), leaseSeconds: 30, liveTtlSeconds: TTL, ...overrides })

async function age(db: Db, chatIds: number[], days: number) {
  await db.execute(sql`UPDATE chat_conversation SET updated_at = now() - make_interval(days => ${days}) WHERE id = ANY(${intArray(chatIds)}::int4[])`)
}

async function openLive(db: Db, chatId: number, userId: number) {
  await db.execute(sql`INSERT INTO live_connection (id, chat_conversation_id, neptun_user_id, instance_id) VALUES (${randomUUID()}::uuid, ${chatId}, ${userId}, ${randomUUID()}::uuid)`)
}

async function retentionReceipts(db: Db, userId: number) {
  return rowsOf<{ chats_deleted: number, chat_uuids: string[] | string, request_id: string, project_ids: number[] | string }>(db, sql`
    SELECT chats_deleted, chat_uuids::text[] AS chat_uuids, request_id, project_ids FROM deletion_receipts
    WHERE neptun_user_id = ${userId} AND actor = 'retention' ORDER BY created_at, uuid`)
}

/** A user with a 30-day policy on a project of `old` chats 40 days old and `fresh` chats of today. */
async function world(db: Db, old: number, fresh = 0) {
  const userId = await insertUser(db)
  const projectId = await insertProject(db, userId)
  const oldIds: number[] = []
  for (let i = 0; i < old; i++) oldIds.push(await insertChat(db, userId, projectId, ['user', 'assistant']))
  const freshIds: number[] = []
  for (let i = 0; i < fresh; i++) freshIds.push(await insertChat(db, userId, projectId, ['user']))
  await age(db, oldIds, 40)
  expect(await setRetentionPolicy(db, userId, projectId, 30)).toEqual({ days: 30, last_run: null })
  return { userId, projectId, oldIds, freshIds }
}

describe('retention sweep', () => {
  it('deletes the old chats in chunks, each with its receipt; leaves fresh, kept and live ones; records the last run', async () => {
    const db = fdb.db
    const { userId, projectId, oldIds, freshIds } = await world(db, 7, 2)
    const [kept, live] = [oldIds[0]!, oldIds[1]!]
    await db.execute(sql`UPDATE chat_conversation SET kept = true, updated_at = now() - interval '40 days' WHERE id = ${kept}`)
    await openLive(db, live, userId)
    expect(await previewRetention(db, userId, projectId, 30, TTL)).toEqual({ days: 30, would_delete: 5, kept: 1, live: 1 })

    const chunks: number[] = []
    const result = await runRetentionSweep(db, options({ chunkSize: 2, afterChunk: chunk => void (chunk.projectId === projectId && chunks.push(chunk.deleted)) }))
    expect(result.swept).toBe(true)
    expect(chunks.reduce((a, b) => a + b, 0)).toBe(5)
    const doomed = oldIds.slice(2)
    expect(await stateOf(db, doomed)).toEqual({ chats: [], links: [], messages: [] })
    expect((await stateOf(db, [kept, live, ...freshIds])).chats).toHaveLength(2 + freshIds.length)

    const receipts = await retentionReceipts(db, userId)
    expect(receipts.length).toBeGreaterThanOrEqual(3)
    expect(receipts.reduce((sum, receipt) => sum + Number(receipt.chats_deleted), 0)).toBe(5)
    expect(new Set(receipts.map(receipt => receipt.request_id))).toEqual(new Set([result.runId]))
    expect(await findRetentionPolicy(db, userId, projectId)).toEqual({ days: 30, last_run: { at: expect.any(String), deleted_chats: 5, skipped_live: 1 } })
  })

  it('two sweeps at once: exactly one holds the lease and sweeps, the other does nothing', async () => {
    const db = fdb.db
    const { userId } = await world(db, 4)
    const results = await Promise.all([runRetentionSweep(db, options()), runRetentionSweep(db, options())])
    expect(results.filter(result => result.swept)).toHaveLength(1)
    const receipts = await retentionReceipts(db, userId)
    expect(receipts.reduce((sum, receipt) => sum + Number(receipt.chats_deleted), 0)).toBe(4)
  })

  it('a sweep that dies mid-way holding the lease leaves each chunk whole; once the lease expires, the next sweep continues', async () => {
    const db = fdb.db
    const { userId, projectId, oldIds } = await world(db, 6)
    let dead!: () => void
    const died = new Promise<void>(resolve => (dead = resolve))
    // The first chunk commits, then this "process" stops for good without giving up its lease.
    void runRetentionSweep(db, options({ chunkSize: 2, leaseSeconds: 10, afterChunk: (chunk) => {
      if (chunk.projectId !== projectId) return
      dead()
      return new Promise<void>(() => {})
    } }))
    await died
    const afterDeath = await stateOf(db, oldIds)
    expect(afterDeath.chats).toHaveLength(4)
    // Every chat is whole or gone: no message or link without its chat.
    expect(new Set(afterDeath.messages.map(m => m.chat_conversation_id))).toEqual(new Set(afterDeath.chats.map(c => c.id)))

    const next = options({ chunkSize: 2 })
    expect((await runRetentionSweep(db, next)).swept).toBe(false)
    await pollUntil(async () => (await runRetentionSweep(db, next)).swept, swept => swept, 'the dead sweep\'s lease to expire')
    expect(await stateOf(db, oldIds)).toEqual({ chats: [], links: [], messages: [] })
    expect((await retentionReceipts(db, userId)).reduce((sum, receipt) => sum + Number(receipt.chats_deleted), 0)).toBe(6)
  })

  it('the policy routes\' queries: another user\'s project is undefined; null removes the policy', async () => {
    const db = fdb.db
    const { userId, projectId } = await world(db, 0)
    const stranger = await insertUser(db)
    expect(await findRetentionPolicy(db, stranger, projectId)).toBeUndefined()
    expect(await setRetentionPolicy(db, stranger, projectId, 5)).toBeUndefined()
    expect(await previewRetention(db, stranger, projectId, 5, TTL)).toBeUndefined()
    expect(await setRetentionPolicy(db, userId, projectId, null)).toEqual({ days: null, last_run: null })
    expect(await findRetentionPolicy(db, userId, projectId)).toEqual({ days: null, last_run: null })
  })
})
