import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBuiltServer, type RunningServer } from '../../scripts/built-server'
import { request, signUp, type ApiResponse, type TestUser } from '../helpers/client'
import { TEST_SESSION_PASSWORD, testDatabaseListenUrl, testDatabaseUrl } from '../setup/test-env'

// The run's server keeps the default 600 a minute; this file starts a second one with a limit of 5
// (on the same Postgres when there is one, else on its own in-memory PGlite).
const LIMIT = 5
let server: RunningServer

beforeAll(async () => {
  server = await startBuiltServer({
    NUXT_SESSION_PASSWORD: TEST_SESSION_PASSWORD,
    DATABASE_URL: testDatabaseUrl ?? '',
    DATABASE_LISTEN_URL: testDatabaseListenUrl ?? '',
    PGLITE_DATA_DIR: 'memory://',
    API_KEY_RATE_LIMIT_PER_MINUTE: String(LIMIT),
    // Many servers sign up from 127.0.0.1; the sign-in limit is tested in auth-rate-limit.test.ts.
    NEPTUN_AUTH_RATE_LIMIT: '1000000',
  })
})
afterAll(() => server?.stop())

async function newKey(user: TestUser, name = 'ci'): Promise<string> {
  const response = await user.call('POST', `/api/users/${user.id}/api-keys`, { json: { name } })
  expect(response.status).toBe(201)
  return response.body.key
}

const listChats = (key: string) => request('GET', '/api/v1/chats', { baseURL: server.baseURL, headers: { 'x-api-key': key } })

/**
 * Requests until the first 429. The window is a fixed minute, so one boundary may fall between
 * two requests: 2 × LIMIT + 1 requests put more than LIMIT into one window whatever happens.
 */
async function untilRefused(key: string): Promise<{ allowed: ApiResponse[], refused: ApiResponse }> {
  const allowed: ApiResponse[] = []
  for (let i = 0; i < 2 * LIMIT + 1; i++) {
    const response = await listChats(key)
    if (response.status === 429) return { allowed, refused: response }
    expect(response.status).toBe(200)
    allowed.push(response)
  }
  throw new Error(`no 429 after ${2 * LIMIT + 1} requests`)
}

describe('the v1 rate limit per key (API_KEY_RATE_LIMIT_PER_MINUTE=5)', () => {
  it('counts down in RateLimit-Remaining, then answers 429 with Retry-After, no-store and the same headers', async () => {
    const user = await signUp({ server: server.baseURL })
    const { allowed, refused } = await untilRefused(await newKey(user))
    const last = allowed.at(-1)!
    expect(last.headers.get('ratelimit-limit')).toBe(String(LIMIT))
    expect(last.headers.get('ratelimit-remaining')).toBe('0')
    // Within the window the refused request fell in, the allowed ones counted down to 0.
    const window = allowed.slice(-LIMIT)
    expect(window.map(r => r.headers.get('ratelimit-remaining'))).toEqual(['4', '3', '2', '1', '0'])

    expect(refused.text).toMatch(/^\{"statusCode":429,"statusMessage":"Too Many Requests","message":"Rate limit of 5 requests per 60 s exceeded; retry in \d+ s"\}$/)
    const reset = refused.headers.get('ratelimit-reset')
    expect(Number(reset)).toBeGreaterThanOrEqual(1)
    expect(Number(reset)).toBeLessThanOrEqual(60)
    expect(refused.headers.get('retry-after')).toBe(reset)
    expect(refused.text).toContain(`retry in ${reset} s`)
    expect(refused.headers.get('ratelimit-limit')).toBe(String(LIMIT))
    expect(refused.headers.get('ratelimit-remaining')).toBe('0')
    expect(refused.headers.get('cache-control')).toBe('no-store')
    expect(allowed[0]!.headers.get('retry-after')).toBeNull()
  })

  it('counts each key on its own: another key of the same user is still served', async () => {
    const user = await signUp({ server: server.baseURL })
    const first = await newKey(user, 'first')
    const second = await newKey(user, 'second')
    await untilRefused(first)
    const response = await listChats(second)
    expect(response.status).toBe(200)
    expect(response.headers.get('ratelimit-remaining')).toBe(String(LIMIT - 1))
  })

  it('does not count requests with a bad key against anybody, and answers them 401 without RateLimit headers', async () => {
    const response = await listChats(`nk_${'A'.repeat(43)}`)
    expect(response.status).toBe(401)
    expect(response.headers.get('ratelimit-limit')).toBeNull()
  })
})
