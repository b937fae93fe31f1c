import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBuiltServer, type RunningServer } from '../../scripts/built-server'
import { request, signUp, type ApiResponse, type TestUser } from '../helpers/client'
import { createChat, createProject } from '../helpers/fixtures'
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy'
import { createThrowawayDatabase, viaProxy, type ThrowawayDatabase } from '../helpers/throwaway-postgres'
import { TEST_SESSION_PASSWORD } from '../setup/test-env'

// The built server on its own Postgres database, reached through a proxy the test can cut: the
// machine's Postgres keeps running for everybody else. Runs on the PGlite run too.

const UNAVAILABLE = { statusCode: 503, statusMessage: 'Service Unavailable', message: 'The database is unavailable; try again shortly' }
const BUSY = { statusCode: 429, statusMessage: 'Too Many Requests', message: 'Another request is changing the same data; try again shortly' }

let database: ThrowawayDatabase
let proxy: TcpProxy
let server: RunningServer
let user: TestUser
let projectId: number
let chatId: number

beforeAll(async () => {
  database = await createThrowawayDatabase('faults')
  proxy = await startTcpProxy(database)
  server = await startBuiltServer({
    NUXT_SESSION_PASSWORD: TEST_SESSION_PASSWORD,
    DATABASE_URL: viaProxy(database.url, proxy.port),
    DATABASE_STATEMENT_TIMEOUT_MS: '1000',
    DATABASE_LOCK_TIMEOUT_MS: '200',
    // Many servers sign up from 127.0.0.1; the sign-in limit is tested in auth-rate-limit.test.ts.
    NEPTUN_AUTH_RATE_LIMIT: '1000000',
  }, { echoErrors: false })
  user = await signUp({ server: server.baseURL })
  projectId = (await createProject(user)).id
  chatId = (await createChat(user, projectId)).id
})

afterAll(async () => {
  await server?.stop()
  await proxy?.close()
  await database?.drop()
})

/** Every kind of route: reads, writes, transactions, sign-in and sign-up. */
function everyKindOfRoute(): [string, string, unknown?][] {
  return [
    ['GET', `/api/users/${user.id}/projects`],
    ['GET', `/api/users/${user.id}/projects/${projectId}/chats`],
    ['GET', `/api/users/${user.id}/chats/${chatId}`],
    ['POST', `/api/users/${user.id}/chats/${chatId}/messages`, { messages: [{ actor: 'user', message: 'hello' }] }],
    ['DELETE', `/api/users/${user.id}/chats/${chatId}/messages/last`],
    ['DELETE', `/api/users/${user.id}/projects/${projectId}/chats`, { chat_ids: [chatId] }],
    ['DELETE', `/api/users/${user.id}/projects/${projectId}/chats/${chatId}`],
    ['POST', '/api/auth/login', { email: user.email, password: user.password }],
  ]
}

async function timed(method: string, path: string, json?: unknown): Promise<ApiResponse & { ms: number }> {
  const started = performance.now()
  const response = await user.call(method, path, json === undefined ? {} : { json })
  return { ...response, ms: Math.round(performance.now() - started) }
}

describe('Postgres down (connections reset, new ones refused)', () => {
  it('every route answers the seeds\' 503 with Retry-After, and the server serves again once Postgres is back, without a restart', async () => {
    expect((await user.call('GET', `/api/users/${user.id}/projects`)).status).toBe(200)
    proxy.cut()
    const figures: string[] = []
    for (const [method, path, json] of everyKindOfRoute()) {
      const response = await timed(method, path, json)
      figures.push(`${method} ${path.replace(/\d+/g, ':id')} ${response.ms} ms`)
      expect(response.status, `${method} ${path}`).toBe(503)
      expect(response.body).toMatchObject(UNAVAILABLE)
      expect(response.headers.get('retry-after')).toBe('1')
      expect(response.text).not.toMatch(/select|insert|delete from|params/i)
    }
    console.info(`[faults] 503 while Postgres is down:\n  ${figures.join('\n  ')}`)

    proxy.restore()
    const again = await user.call('GET', `/api/users/${user.id}/projects/${projectId}/chats`)
    expect(again.status).toBe(200)
    expect(again.body.chats.map((chat: { id: number }) => chat.id)).toEqual([chatId])
    expect(server.child.exitCode).toBeNull()
    // The pooled idle connections died with the cut: reported, not a crash.
    expect(server.output()).toContain('[neptun] idle database connection lost')
  })

  it('answers 503 when Postgres accepts connections but never answers, and recovers', async () => {
    expect((await user.call('GET', `/api/users/${user.id}/projects`)).status).toBe(200)
    proxy.stall()
    // The pooled connection goes silent (query timeout), then a new one cannot connect (connect timeout).
    const first = await timed('GET', `/api/users/${user.id}/chats/${chatId}`)
    const second = await timed('GET', `/api/users/${user.id}/projects/${projectId}/chats`)
    console.info(`[faults] 503 while Postgres is silent: ${first.ms} ms (pooled connection), ${second.ms} ms (new connection)`)
    for (const response of [first, second]) {
      expect(response.status).toBe(503)
      expect(response.body.statusMessage).toBe('Service Unavailable')
    }
    // Stalled connections lost bytes: drop them as a restarted Postgres would, then let traffic through.
    proxy.cut()
    proxy.restore()
    expect((await user.call('GET', `/api/users/${user.id}/chats/${chatId}`)).status).toBe(200)
  })
})

describe('lock timeout (DATABASE_LOCK_TIMEOUT_MS)', () => {
  it('a delete waiting on a row lock another transaction holds answers 429 with Retry-After at the lock timeout, and changes nothing', async () => {
    const locker = await database.pool.connect()
    try {
      await locker.query('BEGIN')
      await locker.query('SELECT id FROM chat_conversation WHERE id = $1 FOR UPDATE', [chatId])
      const response = await timed('DELETE', `/api/users/${user.id}/projects/${projectId}/chats/${chatId}`)
      console.info(`[faults] delete blocked by a lock: 429 after ${response.ms} ms (lock timeout 200 ms)`)
      expect(response.status).toBe(429)
      expect(response.body).toMatchObject(BUSY)
      expect(response.headers.get('retry-after')).toBe('1')
    }
    finally {
      await locker.query('ROLLBACK')
      locker.release()
    }
    expect((await user.call('GET', `/api/users/${user.id}/chats/${chatId}`)).status).toBe(200)
  })
})

describe('database errors in the log', () => {
  it('a failing statement logs SQLSTATE, constraint and statement kind, never the SQL parameters, and answers a bare 500', async () => {
    await database.pool.query(`ALTER TABLE neptun_user_project ADD CONSTRAINT no_forbidden_names CHECK (name NOT LIKE 'forbidden%')`)
    try {
      const before = server.output().length
      const response = await user.call('POST', `/api/users/${user.id}/projects`, {
        json: { name: 'forbidden secret-name-7f3a', description: 'secret-description-91b2' },
      })
      expect(response.status).toBe(500)
      expect(response.body).toMatchObject({ statusCode: 500, statusMessage: 'Internal Server Error', message: 'Internal Server Error' })
      expect(response.text).not.toMatch(/secret|insert|neptun_user_project|params/i)

      // The log line is written before the answer is sent.
      const log = server.output().slice(before)
      expect(log).toContain(`[neptun] database error → 500 POST /api/users/${user.id}/projects`)
      expect(log).toContain('"code":"23514"')
      expect(log).toContain('"constraint":"no_forbidden_names"')
      expect(log).toContain('"query":"insert neptun_user_project"')
      expect(log).not.toMatch(/secret-name|secret-description|Failed query|params:|\$1/)
      expect(log).not.toContain(user.email)
    }
    finally {
      await database.pool.query('ALTER TABLE neptun_user_project DROP CONSTRAINT no_forbidden_names')
    }
  })

  it('a duplicate sign-up race cannot log the email: the unique violation is handled, not logged', async () => {
    const before = server.output().length
    const response = await request('POST', '/api/auth/register', { baseURL: server.baseURL, json: { email: user.email, password: 'another password' } })
    expect(response.status).toBe(409)
    expect(server.output().slice(before)).not.toContain(user.email)
  })
})
