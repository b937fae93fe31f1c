import { randomUUID } from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findLiveKeyAndCountHit, insertApiKey, listApiKeys, revokeApiKey } from '#server/database/queries/api-keys'
import { deleteV1Chat, listV1Chats, type V1ChatCursor } from '#server/database/queries/v1-chats'
import { chatConversation, neptunApiKey, rateLimitCounter } from '#server/database/schema'
import type { ApiKeyScope } from '#shared/utils/api-scopes'
import { FaultyDatabase, insertChat, insertProject, insertUser, stateOf, TEST_RECEIPT } from './harness'

let faulty: FaultyDatabase
beforeAll(async () => {
  faulty = await FaultyDatabase.open()
})
afterAll(() => faulty.close())

async function chatWithUpdatedAt(userId: number, projectId: number, updatedAt: string): Promise<string> {
  const chatId = await insertChat(faulty.db, userId, projectId, [], updatedAt)
  // Set last: adding messages would move updated_at (the trigger).
  const [row] = await faulty.db.update(chatConversation).set({ updated_at: sql`${updatedAt}::timestamptz` })
    .where(eq(chatConversation.id, chatId)).returning({ uuid: chatConversation.uuid })
  return row!.uuid
}

describe('listV1Chats', () => {
  it('pages through chats a millisecond apart or tied to the microsecond: each once, in (updated_at, uuid) descending order', async () => {
    const userId = await insertUser(faulty.db)
    const projectId = await insertProject(faulty.db, userId)
    const times = ['2026-01-01T00:00:00.000100Z', '2026-01-01T00:00:00.000200Z', '2026-01-01T00:00:00.000300Z',
      '2026-01-01T00:00:00.000300Z', '2026-01-01T00:00:00.000300Z', '2026-01-01T00:00:00.001000Z']
    const chats = []
    for (const time of times) chats.push({ time, uuid: await chatWithUpdatedAt(userId, projectId, time) })
    const expected = chats.sort((a, b) => b.time.localeCompare(a.time) || b.uuid.localeCompare(a.uuid)).map(chat => chat.uuid)

    const seen: string[] = []
    let cursor: V1ChatCursor | undefined
    for (let page = 0; page < times.length + 1; page++) {
      const { chats: rows, next } = await listV1Chats(faulty.db, userId, 1, cursor)
      seen.push(...rows.map(row => row.id))
      if (!next) break
      expect(next.updatedAt).toMatch(/^2026-01-01T00:00:00\.\d{6}Z$/)
      cursor = next
    }
    expect(seen).toEqual(expected)
  })

  it('answers in one statement', async () => {
    const userId = await insertUser(faulty.db)
    const { statements } = await faulty.run(db => listV1Chats(db, userId, 50))
    expect(statements).toBe(1)
  })
})

describe('deleteV1Chat', () => {
  it('beforeDelete runs inside the transaction with the locked chat\'s id; false keeps everything and answers refused', async () => {
    const userId = await insertUser(faulty.db)
    const projectId = await insertProject(faulty.db, userId)
    const chatId = await insertChat(faulty.db, userId, projectId, ['user', 'assistant'])
    const [{ uuid }] = await faulty.db.select({ uuid: chatConversation.uuid }).from(chatConversation).where(eq(chatConversation.id, chatId)) as [{ uuid: string }]
    const before = await stateOf(faulty.db, [chatId])
    let seenId: number | undefined
    const result = await deleteV1Chat(faulty.db, userId, uuid, { receipt: TEST_RECEIPT,
      beforeDelete: async (tx, id) => {
        seenId = id
        const [row] = await tx.select({ id: chatConversation.id }).from(chatConversation).where(eq(chatConversation.id, id))
        return row === undefined
      },
    })
    expect(seenId).toBe(chatId)
    expect(result).toEqual({ kind: 'refused' })
    expect(await stateOf(faulty.db, [chatId])).toEqual(before)
  })

  it('a beforeDelete that throws rolls back; one that answers true lets the delete go through, in 4 statements (the last one queues the NOTIFY)', async () => {
    const userId = await insertUser(faulty.db)
    const projectId = await insertProject(faulty.db, userId)
    const chatId = await insertChat(faulty.db, userId, projectId, ['user', 'assistant'])
    const [{ uuid }] = await faulty.db.select({ uuid: chatConversation.uuid }).from(chatConversation).where(eq(chatConversation.id, chatId)) as [{ uuid: string }]
    const before = await stateOf(faulty.db, [chatId])
    await expect(deleteV1Chat(faulty.db, userId, uuid, { receipt: TEST_RECEIPT, beforeDelete: () => Promise.reject(new Error('live')) })).rejects.toThrow('live')
    expect(await stateOf(faulty.db, [chatId])).toEqual(before)

    const { result, statements } = await faulty.run(db => deleteV1Chat(db, userId, uuid, { receipt: TEST_RECEIPT, beforeDelete: async () => true }))
    expect(result).toMatchObject({ kind: 'deleted' })
    expect(statements).toBe(4)
    expect(await stateOf(faulty.db, [chatId])).toEqual({ chats: [], links: [], messages: [] })
  })

  it('a deadlock (40P01) rolls back and runs again; a third in a row is thrown', async () => {
    const userId = await insertUser(faulty.db)
    const projectId = await insertProject(faulty.db, userId)
    const chatId = await insertChat(faulty.db, userId, projectId, ['user'])
    const [{ uuid }] = await faulty.db.select({ uuid: chatConversation.uuid }).from(chatConversation).where(eq(chatConversation.id, chatId)) as [{ uuid: string }]
    const deadlock = () => Object.assign(new Error('deadlock detected'), { cause: { code: '40P01' } })
    let calls = 0
    const always = deleteV1Chat(faulty.db, userId, uuid, { receipt: TEST_RECEIPT, beforeDelete: async () => {
      calls++
      throw deadlock()
    } })
    await expect(always).rejects.toThrow('deadlock detected')
    expect(calls).toBe(3)
    expect((await stateOf(faulty.db, [chatId])).chats).toHaveLength(1)

    calls = 0
    const result = await deleteV1Chat(faulty.db, userId, uuid, { receipt: TEST_RECEIPT, beforeDelete: async () => {
      if (++calls === 1) throw deadlock()
      return true
    } })
    expect(calls).toBe(2)
    expect(result).toMatchObject({ kind: 'deleted' })
    expect(await stateOf(faulty.db, [chatId])).toEqual({ chats: [], links: [], messages: [] })
  })

  it('a failure between the deletes leaves the chat whole', async () => {
    const userId = await insertUser(faulty.db)
    const projectId = await insertProject(faulty.db, userId)
    const chatId = await insertChat(faulty.db, userId, projectId, ['user', 'assistant'])
    const [{ uuid }] = await faulty.db.select({ uuid: chatConversation.uuid }).from(chatConversation).where(eq(chatConversation.id, chatId)) as [{ uuid: string }]
    const before = await stateOf(faulty.db, [chatId])
    for (const failOn of [2, 3, 4]) {
      const { error } = await faulty.run(db => deleteV1Chat(db, userId, uuid, { receipt: TEST_RECEIPT }), failOn)
      expect(error).toBeDefined()
      expect(await stateOf(faulty.db, [chatId])).toEqual(before)
    }
  })
})

describe('findLiveKeyAndCountHit', () => {
  async function newKey(userId: number, { scopes = ['chats:read', 'messages:write'] as ApiKeyScope[], expiresInDays = null as number | null } = {}) {
    const keyHash = randomUUID()
    const result = await insertApiKey(faulty.db, userId, { name: 'k', prefix: 'nk_test', keyHash, scopes, expiresInDays }, 50)
    if (result.kind !== 'created') throw new Error('no key')
    return { id: result.apiKey.id, keyHash }
  }

  it('finds the key, counts the hit and notes the use, in one statement', async () => {
    const userId = await insertUser(faulty.db)
    const { id, keyHash } = await newKey(userId)
    const { result, statements } = await faulty.run(db => findLiveKeyAndCountHit(db, keyHash, 60))
    expect(statements).toBe(1)
    expect(result).toMatchObject({ keyId: id, userId, hits: 1, scopes: ['chats:read', 'messages:write'] })
    expect((await findLiveKeyAndCountHit(faulty.db, keyHash, 60))!.hits).toBe(2)
    const [row] = await faulty.db.select().from(neptunApiKey).where(eq(neptunApiKey.id, id))
    expect(row!.last_used_at).not.toBeNull()
  })

  it('moves last_used_at only when it is more than a minute old', async () => {
    const userId = await insertUser(faulty.db)
    const { id, keyHash } = await newKey(userId)
    const lastUsed = async () => (await faulty.db.select().from(neptunApiKey).where(eq(neptunApiKey.id, id)))[0]!.last_used_at!.getTime()
    await faulty.db.update(neptunApiKey).set({ last_used_at: sql`now() - interval '30 seconds'` }).where(eq(neptunApiKey.id, id))
    const recent = await lastUsed()
    await findLiveKeyAndCountHit(faulty.db, keyHash, 60)
    expect(await lastUsed()).toBe(recent)
    await faulty.db.update(neptunApiKey).set({ last_used_at: sql`now() - interval '2 minutes'` }).where(eq(neptunApiKey.id, id))
    const old = await lastUsed()
    await findLiveKeyAndCountHit(faulty.db, keyHash, 60)
    expect(await lastUsed()).toBeGreaterThan(old)
  })

  it('a revoked or unknown key: undefined, and nothing is counted', async () => {
    const userId = await insertUser(faulty.db)
    const { id, keyHash } = await newKey(userId)
    expect(await revokeApiKey(faulty.db, userId, id)).toBe(true)
    expect(await findLiveKeyAndCountHit(faulty.db, keyHash, 60)).toBeUndefined()
    expect(await findLiveKeyAndCountHit(faulty.db, randomUUID(), 60)).toBeUndefined()
    expect(await faulty.db.select().from(rateLimitCounter).where(eq(rateLimitCounter.bucket, `api-key:${id}`))).toEqual([])
  })

  it('a key with an expiry is live until then; from expires_at on it is undefined like a revoked one, and nothing is counted', async () => {
    const userId = await insertUser(faulty.db)
    const { id, keyHash } = await newKey(userId, { expiresInDays: 7 })
    const [row] = await faulty.db.select().from(neptunApiKey).where(eq(neptunApiKey.id, id))
    const days = (row!.expires_at!.getTime() - row!.created_at.getTime()) / 86_400_000
    expect(days).toBeCloseTo(7, 5)
    expect(await findLiveKeyAndCountHit(faulty.db, keyHash, 60)).toMatchObject({ keyId: id, hits: 1 })
    await faulty.db.update(neptunApiKey).set({ expires_at: sql`now() - interval '1 millisecond'` }).where(eq(neptunApiKey.id, id))
    expect(await findLiveKeyAndCountHit(faulty.db, keyHash, 60)).toBeUndefined()
    const [counter] = await faulty.db.select().from(rateLimitCounter).where(eq(rateLimitCounter.bucket, `api-key:${id}`))
    expect(counter!.hits).toBe(1)
  })

  it('listApiKeys shows scopes and expires_at, an expired key too (it lapses, it is not revoked)', async () => {
    const userId = await insertUser(faulty.db)
    const { id } = await newKey(userId, { scopes: ['chats:delete'], expiresInDays: 30 })
    await faulty.db.update(neptunApiKey).set({ expires_at: sql`now() - interval '1 day'` }).where(eq(neptunApiKey.id, id))
    const [key] = await listApiKeys(faulty.db, userId)
    expect(key).toMatchObject({ id, scopes: ['chats:delete'] })
    expect(key!.expires_at!.getTime()).toBeLessThan(Date.now())
  })
})
