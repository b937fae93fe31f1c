import { randomUUID } from 'node:crypto'
import { readdirSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningServer } from '../../scripts/built-server'
import { request, signUp } from '../helpers/client'
import { createApiKey, createChat, createProject, v1 } from '../helpers/fixtures'
import { connectLive } from '../helpers/live'
import { startOwnServer } from '../helpers/own-server'
import { waitForOutput } from '../helpers/server-output'

// X-Request-Id on every answer and in the server's log lines; HEAD on every GET route
// (docs/api.md, "Conventions").

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('X-Request-Id', () => {
  it('a new UUID on every answer: pages, API successes and errors of every kind', async () => {
    const user = await signUp()
    const { key } = await createApiKey(user)
    const answers = await Promise.all([
      request('GET', '/login', { headers: { accept: 'text/html' } }),
      request('GET', '/api/health'),
      request('GET', `/api/users/${user.id}/projects`),
      user.call('GET', `/api/users/${user.id}/projects`),
      user.call('POST', `/api/users/${user.id}/projects`, { raw: '{' }),
      user.call('POST', `/api/users/${user.id}/projects`, { json: { name: 'x' }, headers: { origin: 'https://evil.example' } }),
      request('GET', '/api/no-such-route'),
      v1(key, 'GET', '/chats'),
      v1(undefined, 'GET', '/chats'),
      v1(key, 'GET', '/chats/not-a-uuid'),
      v1(key, 'PATCH', `/chats/${randomUUID()}`),
      v1(key, 'GET', '/nothing-here'),
    ])
    expect(answers.map(answer => answer.status)).toEqual([200, 200, 401, 200, 400, 403, 404, 200, 401, 400, 405, 404])
    const ids = answers.map(answer => answer.headers.get('x-request-id'))
    for (const id of ids) expect(id).toMatch(UUID)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('the client\'s own id when it is sane, else a new one', async () => {
    const sane = ['req_7Hq2', 'a'.repeat(128), 'trace-id.with:colons/and+slash=@x', randomUUID()]
    for (const id of sane) {
      const response = await request('GET', '/api/health', { headers: { 'x-request-id': id } })
      expect(response.headers.get('x-request-id')).toBe(id)
    }
    for (const id of ['a'.repeat(129), 'two words', '<script>', '"quoted"', 'semi;colon']) {
      const response = await request('GET', '/api/health', { headers: { 'x-request-id': id } })
      expect(response.headers.get('x-request-id'), id).toMatch(UUID)
    }
  })

  it('on WebSocket handshakes, refused and accepted', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const chat = await createChat(user, project.id)
    const { key } = await createApiKey(user)
    const refused = await connectLive(`/api/v1/chats/${randomUUID()}/live`, { headers: { 'x-request-id': 'refused-handshake-1' } })
    expect(refused.status).toBe(401)
    expect(refused.headers['x-request-id']).toBe('refused-handshake-1')
    const fresh = await connectLive(`/api/v1/chats/${randomUUID()}/live`, { apiKey: key })
    expect(fresh.status).toBe(404)
    expect(fresh.headers['x-request-id']).toMatch(UUID)
    const opened = await connectLive(`/api/v1/chats/${chat.uuid}/live`, { apiKey: key, headers: { 'x-request-id': 'opened-1' } })
    expect(opened.status).toBe(101)
    expect(opened.headers['x-request-id']).toBe('opened-1')
    if ('socket' in opened) await opened.socket.close()
  })
})

describe('the server\'s log line for each API request', () => {
  let server: RunningServer
  beforeAll(async () => {
    server = await startOwnServer({}, { echoErrors: false })
  })
  afterAll(() => server?.stop())

  it('names method, path without the query, status and the request id', async () => {
    const id = `log-${randomUUID()}`
    const response = await request('GET', '/api/v1/chats?limit=5', { baseURL: server.baseURL, headers: { 'x-request-id': id } })
    expect(response.status).toBe(401)
    await waitForOutput(server, `request_id=${id}`)
    const line = server.output().split('\n').find(text => text.includes(`request_id=${id}`))
    expect(line).toMatch(new RegExp(`^\\[neptun\\] GET /api/v1/chats 401 \\d+ms request_id=${id}$`))
  })
})

const ROOT = resolve(import.meta.dirname, '../..')

/** Every GET route file under server/api, as its path from the repository root. */
function getRouteFiles(dir = join(ROOT, 'server/api')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return getRouteFiles(path)
    return entry.name.endsWith('.get.ts') ? [relative(ROOT, path)] : []
  })
}

describe('HEAD', () => {
  let paths: Record<string, { path: string, cookie?: string, key?: string }>
  beforeAll(async () => {
    const user = await signUp()
    const project = await createProject(user)
    const chat = await createChat(user, project.id)
    const { key } = await createApiKey(user)
    const cookie = user.cookie
    const deleted = await v1(key, 'DELETE', `/chats/${(await createChat(user, project.id)).uuid}`)
    const receiptId = deleted.headers.get('neptun-receipt-id')
    paths = {
      'server/api/users/[user_id]/projects/[project_id]/retention/index.get.ts': { path: `/api/users/${user.id}/projects/${project.id}/retention`, cookie },
      'server/api/users/[user_id]/projects/[project_id]/retention/preview.get.ts': { path: `/api/users/${user.id}/projects/${project.id}/retention/preview?days=30`, cookie },
      'server/api/users/[user_id]/receipts/index.get.ts': { path: `/api/users/${user.id}/receipts`, cookie },
      'server/api/users/[user_id]/receipts/[receipt_id].get.ts': { path: `/api/users/${user.id}/receipts/${receiptId}`, cookie },
      'server/api/v1/receipts/index.get.ts': { path: '/api/v1/receipts', key },
      'server/api/v1/receipts/[receipt_id].get.ts': { path: `/api/v1/receipts/${receiptId}`, key },
      'server/api/auth/session.get.ts': { path: '/api/auth/session', cookie },
      'server/api/health.get.ts': { path: '/api/health' },
      'server/api/users/[user_id]/api-keys/index.get.ts': { path: `/api/users/${user.id}/api-keys`, cookie },
      'server/api/users/[user_id]/chats/index.get.ts': { path: `/api/users/${user.id}/chats?q=chat`, cookie },
      'server/api/users/[user_id]/chats/[chat_id]/index.get.ts': { path: `/api/users/${user.id}/chats/${chat.id}`, cookie },
      'server/api/users/[user_id]/chats/[chat_id]/messages/index.get.ts': { path: `/api/users/${user.id}/chats/${chat.id}/messages`, cookie },
      'server/api/users/[user_id]/projects/[project_id]/chats/count.get.ts': { path: `/api/users/${user.id}/projects/${project.id}/chats/count`, cookie },
      'server/api/users/[user_id]/projects/[project_id]/chats/index.get.ts': { path: `/api/users/${user.id}/projects/${project.id}/chats`, cookie },
      'server/api/users/[user_id]/projects/index.get.ts': { path: `/api/users/${user.id}/projects`, cookie },
      'server/api/users/[user_id]/projects/[project_id]/export.get.ts': { path: `/api/users/${user.id}/projects/${project.id}/export`, cookie },
      'server/api/users/[user_id]/projects/[project_id]/chats/[chat_id]/export.get.ts': { path: `/api/users/${user.id}/projects/${project.id}/chats/${chat.id}/export`, cookie },
      'server/api/v1/chats/[chat_id].get.ts': { path: `/api/v1/chats/${chat.uuid}`, key },
      'server/api/v1/chats/index.get.ts': { path: '/api/v1/chats', key },
      'server/api/v1/openapi.json.get.ts': { path: '/api/v1/openapi.json' },
      'server/api/v1/chats/[chat_id]/export.get.ts': { path: `/api/v1/chats/${chat.uuid}/export`, key },
      'server/api/v1/chats/[chat_id]/messages/index.get.ts': { path: `/api/v1/chats/${chat.uuid}/messages`, key },
    }
  })

  it('this test knows every GET route there is', () => {
    expect(Object.keys(paths).sort()).toEqual(getRouteFiles().sort())
  })

  it('every GET route answers HEAD with the GET\'s status and headers and no body', async () => {
    for (const [file, { path, cookie, key }] of Object.entries(paths)) {
      const headers = key ? { 'x-api-key': key } : undefined
      const get = await request('GET', path, { cookie, headers })
      const head = await request('HEAD', path, { cookie, headers })
      expect(get.status, file).toBe(200)
      expect(head.status, file).toBe(200)
      expect(head.text, file).toBe('')
      expect(head.headers.get('content-type'), file).toBe(get.headers.get('content-type'))
      expect(head.headers.get('cache-control'), file).toBe(get.headers.get('cache-control'))
      expect(head.headers.get('x-request-id'), file).toMatch(UUID)
    }
  })

  it('HEAD answers errors like GET: 401 without credentials, 400 for a bad id, 404 for another user\'s chat', async () => {
    const user = await signUp()
    const { key } = await createApiKey(user)
    const cases: [string, Record<string, string> | undefined, number][] = [
      [`/api/users/${user.id}/projects`, undefined, 401],
      ['/api/v1/chats', undefined, 401],
      ['/api/v1/chats/nope', { 'x-api-key': key }, 400],
      [`/api/v1/chats/${randomUUID()}`, { 'x-api-key': key }, 404],
    ]
    for (const [path, headers, status] of cases) {
      const head = await request('HEAD', path, { headers })
      expect(head.status, path).toBe(status)
      expect(head.text).toBe('')
      if (path.startsWith('/api/v1/') && status === 401) expect(head.headers.get('www-authenticate')).toBe('Bearer realm="neptun-v1"')
    }
  })
})
