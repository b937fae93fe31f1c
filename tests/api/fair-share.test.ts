import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningServer } from '../../scripts/built-server'
import { signUp, type ApiResponse, type TestUser } from '../helpers/client'
import { createChat, createProject } from '../helpers/fixtures'
import { startOwnServer } from '../helpers/own-server'
import { enterShare, OverShare } from '#server/overload'

// One account's flood must not starve another (server/overload/): a server of its own with a small
// pool (4) and a share of 2 requests per account, on the run's database.

let server: RunningServer

beforeAll(async () => {
  server = await startOwnServer({ DATABASE_POOL_SIZE: '4', ACCOUNT_CONCURRENCY: '2' }, { echoErrors: false })
})
afterAll(() => server?.stop())

const percentile = (values: number[], p: number) => [...values].sort((x, y) => x - y)[Math.min(values.length - 1, Math.floor(values.length * p))]!

async function timed(user: TestUser, method: string, path: string, json?: unknown): Promise<ApiResponse & { ms: number }> {
  const started = performance.now()
  const response = await user.call(method, path, json === undefined ? {} : { json })
  return { ...response, ms: performance.now() - started }
}

describe('one account\'s flood and another account', () => {
  it('the flooding account gets 429 with Retry-After beyond its share, never a 5xx; the other account\'s requests all answer 200 meanwhile', async () => {
    const a = await signUp({ server: server.baseURL })
    const b = await signUp({ server: server.baseURL })
    const project = await createProject(a)
    for (let i = 0; i < 40; i += 2) await Promise.all([createChat(a, project.id, `chat ${i}`), createChat(a, project.id, `chat ${i + 1}`)])

    // A: 150 requests at once — full lists and key creations (which queue on A's own row lock).
    const flood = Array.from({ length: 150 }, (_, i) => i % 3 === 0
      ? timed(a, 'POST', `/api/users/${a.id}/api-keys`, { name: `flood ${i}` })
      : timed(a, 'GET', `/api/users/${a.id}/projects/${project.id}/chats`))
    // B meanwhile: cheap requests, one after the other.
    const mine: (ApiResponse & { ms: number })[] = []
    for (let i = 0; i < 20; i++) mine.push(await timed(b, 'GET', `/api/users/${b.id}/projects`))
    const theirs = await Promise.all(flood)

    const count = (responses: ApiResponse[]) => responses.reduce<Record<number, number>>((counts, r) => ({ ...counts, [r.status]: (counts[r.status] ?? 0) + 1 }), {})
    const refused = theirs.filter(r => r.status === 429)
    console.info(`[fair share] A's 150: ${JSON.stringify(count(theirs))}, 429 after p50 ${percentile(refused.map(r => r.ms), 0.5)?.toFixed(1)} ms; `
      + `B's 20: ${JSON.stringify(count(mine))}, p50 ${percentile(mine.map(r => r.ms), 0.5).toFixed(1)} ms, p99 ${percentile(mine.map(r => r.ms), 0.99).toFixed(1)} ms`)

    for (const response of mine) expect(response.status, response.text).toBe(200)
    // How many of A's are refused depends on how fast they arrive against how fast they are served.
    for (const response of refused) {
      expect(response.headers.get('retry-after')).toBe('1')
      expect(response.body).toMatchObject({ statusCode: 429, statusMessage: 'Too Many Requests' })
    }
    for (const response of theirs) expect([200, 201, 400, 429, 503], response.text).toContain(response.status)
  })
})

describe('the share itself (enterShare)', () => {
  it('runs `share` at once, queues 20 × share in order, refuses the next at once, and hands a released slot to the first waiting', async () => {
    const account = `test:${Math.random()}`
    const running = await Promise.all([enterShare(account, 2, 60_000), enterShare(account, 2, 60_000)])
    const admitted: number[] = []
    const waiting = Array.from({ length: 40 }, (_, i) => enterShare(account, 2, 60_000).then((release) => {
      admitted.push(i)
      return release
    }))
    await expect(enterShare(account, 2, 60_000)).rejects.toBeInstanceOf(OverShare)
    running[0]!()
    running[1]!()
    await expect.poll(() => admitted).toEqual([0, 1])
    for (const release of await Promise.all(waiting.slice(0, 2))) release()
    await expect.poll(() => admitted).toEqual([0, 1, 2, 3])
    // A request that waits longer than allowed is refused too.
    await expect(enterShare(`${account}-b`, 1, 60_000).then(() => enterShare(`${account}-b`, 1, 10))).rejects.toBeInstanceOf(OverShare)
  })
})
