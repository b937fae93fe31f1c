import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OpenDatabase } from '#server/database/client'
import { countRateLimitHit } from '#server/database/queries/rate-limit'
import { openTestDatabase } from '../helpers/database'

let open: OpenDatabase
beforeAll(async () => {
  open = await openTestDatabase()
})
afterAll(() => open.close())

describe('countRateLimitHit', () => {
  it('counts hits per bucket within a window, with the seconds left until it ends', async () => {
    const bucket = `test:${randomUUID()}`
    const other = `test:${randomUUID()}`
    const hits = []
    for (let i = 0; i < 3; i++) hits.push(await countRateLimitHit(open.db, bucket, 3600))
    expect(hits.map(hit => hit.hits)).toEqual([1, 2, 3])
    expect((await countRateLimitHit(open.db, other, 3600)).hits).toBe(1)
    for (const hit of hits) {
      expect(hit.resetSeconds).toBeGreaterThanOrEqual(1)
      expect(hit.resetSeconds).toBeLessThanOrEqual(3600)
    }
  })

  it('starts again from 1 in a new window', async () => {
    const bucket = `test:${randomUUID()}`
    await countRateLimitHit(open.db, bucket, 3600)
    await countRateLimitHit(open.db, bucket, 3600)
    // Move the stored window into the past, as if an hour had gone by.
    await open.db.execute(sql`UPDATE rate_limit_counter SET window_start = window_start - interval '1 hour' WHERE bucket = ${bucket}`)
    expect((await countRateLimitHit(open.db, bucket, 3600)).hits).toBe(1)
  })

  it('loses no hit when many requests count at once', async () => {
    const bucket = `test:${randomUUID()}`
    const hits = await Promise.all(Array.from({ length: 40 }, () => countRateLimitHit(open.db, bucket, 3600)))
    expect(hits.map(hit => hit.hits).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1))
  })
})
