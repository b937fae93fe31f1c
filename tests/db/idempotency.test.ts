import { randomUUID } from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { claimIdempotencyKey, deleteExpiredIdempotencyKeys, releaseIdempotencyKey, storeIdempotentAnswer, type IdempotentRequest } from '#server/database/queries/idempotency-keys'
import { idempotencyKey } from '#server/database/schema'
import { FaultyDatabase, insertUser } from './harness'

// The Idempotency-Key store (server/database/queries/idempotency-keys.ts): claims, answers, the
// 24 h expiry and stale claims. The HTTP behaviour is in tests/api/idempotency.test.ts.

let faulty: FaultyDatabase
beforeAll(async () => {
  faulty = await FaultyDatabase.open()
})
afterAll(() => faulty.close())

function requestOf(userId: number, key: string, path = '/api/v1/chats/x'): IdempotentRequest {
  return { userId, key, method: 'DELETE', path, bodyHash: 'h', claimId: randomUUID(), requestId: randomUUID() }
}

async function setCreatedAt(userId: number, key: string, interval: string) {
  await faulty.db.update(idempotencyKey).set({ created_at: sql`now() - ${interval}::interval` })
    .where(and(eq(idempotencyKey.neptun_user_id, userId), eq(idempotencyKey.key, key)))
}

const ANSWER = { status: 200, body: '{"success":true}', headers: { 'content-type': 'application/json', 'neptun-receipt-id': randomUUID() } }

describe('the Idempotency-Key store', () => {
  it('claims once; the stored answer comes back; released keys can be claimed again', async () => {
    const userId = await insertUser(faulty.db)
    const first = requestOf(userId, 'k')
    expect(await claimIdempotencyKey(faulty.db, first)).toEqual({ kind: 'claimed' })
    const running = await claimIdempotencyKey(faulty.db, requestOf(userId, 'k'))
    expect(running).toMatchObject({ kind: 'taken', method: 'DELETE', path: '/api/v1/chats/x', bodyHash: 'h', requestId: first.requestId })
    expect(running.kind === 'taken' && running.answer).toBeUndefined()
    // Only the claim's own request may fill it in.
    expect(await storeIdempotentAnswer(faulty.db, userId, 'k', randomUUID(), ANSWER)).toBe(false)
    expect(await storeIdempotentAnswer(faulty.db, userId, 'k', first.claimId, ANSWER)).toBe(true)
    expect(await claimIdempotencyKey(faulty.db, requestOf(userId, 'k'))).toMatchObject({ kind: 'taken', answer: ANSWER })
    const other = requestOf(userId, 'released')
    await claimIdempotencyKey(faulty.db, other)
    await releaseIdempotencyKey(faulty.db, userId, 'released', other.claimId)
    expect(await claimIdempotencyKey(faulty.db, requestOf(userId, 'released'))).toEqual({ kind: 'claimed' })
  })

  it('of concurrent claims of one key exactly one wins', async () => {
    const userId = await insertUser(faulty.db)
    const results = await Promise.all(Array.from({ length: 8 }, () => claimIdempotencyKey(faulty.db, requestOf(userId, 'race'))))
    expect(results.filter(result => result.kind === 'claimed')).toHaveLength(1)
  })

  it('an answer older than 24 h counts for nothing: a new request takes the key over; the sweep deletes expired rows only', async () => {
    const userId = await insertUser(faulty.db)
    const old = requestOf(userId, 'old')
    await claimIdempotencyKey(faulty.db, old)
    await storeIdempotentAnswer(faulty.db, userId, 'old', old.claimId, ANSWER)
    await setCreatedAt(userId, 'old', '23 hours 59 minutes')
    expect(await claimIdempotencyKey(faulty.db, requestOf(userId, 'old', '/other'))).toMatchObject({ kind: 'taken', answer: ANSWER })
    await setCreatedAt(userId, 'old', '24 hours 1 second')
    const retaken = requestOf(userId, 'old', '/other')
    expect(await claimIdempotencyKey(faulty.db, retaken)).toEqual({ kind: 'claimed' })
    expect(await claimIdempotencyKey(faulty.db, requestOf(userId, 'old'))).toMatchObject({ kind: 'taken', path: '/other', requestId: retaken.requestId })

    const expired = requestOf(userId, 'expired')
    await claimIdempotencyKey(faulty.db, expired)
    await storeIdempotentAnswer(faulty.db, userId, 'expired', expired.claimId, ANSWER)
    await setCreatedAt(userId, 'expired', '25 hours')
    expect(await deleteExpiredIdempotencyKeys(faulty.db)).toBeGreaterThanOrEqual(1)
    const keys = await faulty.db.select({ key: idempotencyKey.key }).from(idempotencyKey).where(eq(idempotencyKey.neptun_user_id, userId))
    expect(keys.map(row => row.key)).toEqual(['old'])
  })

  it('a claim still in progress after 2 minutes is stale (its request died): the next request takes it over', async () => {
    const userId = await insertUser(faulty.db)
    await claimIdempotencyKey(faulty.db, requestOf(userId, 'stuck'))
    await setCreatedAt(userId, 'stuck', '119 seconds')
    expect(await claimIdempotencyKey(faulty.db, requestOf(userId, 'stuck'))).toMatchObject({ kind: 'taken' })
    await setCreatedAt(userId, 'stuck', '121 seconds')
    expect(await claimIdempotencyKey(faulty.db, requestOf(userId, 'stuck'))).toEqual({ kind: 'claimed' })
  })

  it('keys are per account', async () => {
    const [a, b] = [await insertUser(faulty.db), await insertUser(faulty.db)]
    expect(await claimIdempotencyKey(faulty.db, requestOf(a, 'same'))).toEqual({ kind: 'claimed' })
    expect(await claimIdempotencyKey(faulty.db, requestOf(b, 'same'))).toEqual({ kind: 'claimed' })
  })
})
