import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { signUp, statementsOf, type ApiResponse, type TestUser } from '../helpers/client'
import { addMessages, createApiKey, createChat, createProject, v1, type Chat } from '../helpers/fixtures'

const INVALID_KEY = '{"statusCode":401,"statusMessage":"Unauthorized","message":"Invalid or missing API key"}'
const INVALID_CHAT_ID = '{"statusCode":400,"statusMessage":"Bad Request","message":"Invalid chat_id"}'
const CHAT_NOT_FOUND = '{"statusCode":404,"statusMessage":"Not Found","message":"Chat not found"}'
const INVALID_LIMIT = '{"statusCode":400,"statusMessage":"Bad Request","message":"Invalid limit: give an integer from 1 to 200"}'
const INVALID_CURSOR = '{"statusCode":400,"statusMessage":"Bad Request","message":"Invalid cursor: pass next_cursor from the previous page unchanged"}'

const MALFORMED_UUIDS = [
  '123',
  'not-a-uuid',
  'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5',
  'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d0',
  'a1b2c3d4e5f64a7b8c9d0e1f2a3b4c5d',
  '{a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d}',
  'g1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
  encodeURIComponent('\' OR 1=1 --'),
  '%00',
]
const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')
const MALFORMED_CURSORS = [
  'garbage!',
  b64('not json'),
  b64({ updated_at: '2024-01-15T10:45:00.000000Z' }),
  b64(['2024-01-15T10:45:00.000000Z']),
  b64(['2024-01-15T10:45:00.000Z', randomUUID()]),
  b64(['2024-02-30T10:45:00.000000Z', randomUUID()]),
  b64(['0000-01-01T00:00:00.000000Z', randomUUID()]),
  b64(['2024-01-15T25:45:00.000000Z', randomUUID()]),
  b64(['2024-01-15T10:45:00.000000Z', 'not-a-uuid']),
  b64(['2024-01-15T10:45:00.000000Z', 42]),
  '%00',
  b64(['2024-01-15T10:45:00.000000Z\u0000', randomUUID()]),
]

const CHAT_FIELDS = ['created_at', 'id', 'message_count', 'model', 'name', 'updated_at']

async function userWithKey() {
  const user = await signUp()
  const { key } = await createApiKey(user)
  const project = await createProject(user)
  return { user, key, project }
}

/** Every page of the list, following next_cursor. */
async function allPages(key: string, limit: number) {
  const pages: ApiResponse[] = []
  let cursor: string | null = null
  do {
    const response: ApiResponse = await v1(key, 'GET', `/chats?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`)
    expect(response.status, response.text).toBe(200)
    pages.push(response)
    cursor = response.body.next_cursor
  } while (cursor)
  return pages
}

async function cookieChat(user: TestUser, chat: Chat) {
  return user.call('GET', `/api/users/${user.id}/chats/${chat.id}`)
}

function expectNoStore(response: ApiResponse) {
  expect(response.headers.get('cache-control')).toBe('no-store')
}

function expectRateLimitHeaders(response: ApiResponse) {
  expect(response.headers.get('ratelimit-limit')).toBe('600')
  expect(Number(response.headers.get('ratelimit-remaining'))).toBeGreaterThanOrEqual(0)
  expect(Number(response.headers.get('ratelimit-remaining'))).toBeLessThan(600)
  expect(Number(response.headers.get('ratelimit-reset'))).toBeGreaterThanOrEqual(1)
  expect(Number(response.headers.get('ratelimit-reset'))).toBeLessThanOrEqual(60)
}

describe('X-API-Key on every v1 route', () => {
  const routes = (chatId: string): [string, string][] => [['GET', '/chats'], ['GET', `/chats/${chatId}`], ['DELETE', `/chats/${chatId}`]]

  it('401, the same body, for a missing, empty, malformed, unknown or revoked key and for a session cookie alone; the chat stays', async () => {
    const { user, project } = await userWithKey()
    const chat = await createChat(user, project.id)
    const revoked = await createApiKey(user, 'revoked')
    expect((await user.call('DELETE', `/api/users/${user.id}/api-keys/${revoked.apiKey.id}`)).status).toBe(204)
    const unknown = `nk_${Buffer.alloc(32, 7).toString('base64url')}`
    const badKeys: (string | undefined)[] = [undefined, '', 'nk_short', 'Bearer something', unknown, unknown.toUpperCase(), `${unknown}x`, revoked.key, `${revoked.key} `, 'x'.repeat(5000)]
    for (const [method, path] of routes(chat.uuid)) {
      for (const key of badKeys) {
        const response = await v1(key, method, path)
        expect(response.status, `${method} ${path} with ${key?.slice(0, 20)}`).toBe(401)
        expect(response.text).toBe(INVALID_KEY)
        expectNoStore(response)
        expect(response.headers.get('ratelimit-limit')).toBeNull()
      }
      const withCookie = await user.call('GET', `/api/v1${path}`)
      expect(withCookie.status).toBe(401)
      expect(withCookie.text).toBe(INVALID_KEY)
    }
    expect((await cookieChat(user, chat)).status).toBe(200)
  })

  it('a revoked key is refused on the very next request', async () => {
    const { user, key, project } = await userWithKey()
    const chat = await createChat(user, project.id)
    const keyRow = (await user.call('GET', `/api/users/${user.id}/api-keys`)).body.api_keys[0]
    expect((await v1(key, 'GET', `/chats/${chat.uuid}`)).status).toBe(200)
    expect((await user.call('DELETE', `/api/users/${user.id}/api-keys/${keyRow.id}`)).status).toBe(204)
    for (const [method, path] of routes(chat.uuid)) expect((await v1(key, method, path)).text).toBe(INVALID_KEY)
    expect((await cookieChat(user, chat)).status).toBe(200)
  })
})

describe('GET /api/v1/chats/{chat_id}', () => {
  it('200 with the chat by UUID, its message count, and no integer id', async () => {
    const { user, key, project } = await userWithKey()
    const chat = await createChat(user, project.id, 'Terraform drift', 'google/gemma-2-27b-it')
    await addMessages(user, chat.id, ['system', 'user', 'assistant'])
    const { body: { chat: current } } = await cookieChat(user, chat)
    const response = await v1(key, 'GET', `/chats/${chat.uuid}`)
    expect(response.status).toBe(200)
    expect(Object.keys(response.body)).toEqual(['chat'])
    expect(Object.keys(response.body.chat).sort()).toEqual(CHAT_FIELDS)
    expect(response.body.chat).toEqual({
      id: chat.uuid,
      name: 'Terraform drift',
      model: 'google/gemma-2-27b-it',
      created_at: chat.created_at,
      updated_at: current.updated_at,
      message_count: 3,
    })
    expectNoStore(response)
    expectRateLimitHeaders(response)
  })

  it('200 for the UUID in capitals too, answered lower-case', async () => {
    const { user, key, project } = await userWithKey()
    const chat = await createChat(user, project.id)
    const response = await v1(key, 'GET', `/chats/${chat.uuid.toUpperCase()}`)
    expect(response.status).toBe(200)
    expect(response.body.chat).toMatchObject({ id: chat.uuid, message_count: 0 })
  })

  it('404 for a UUID no chat has, and for another account\'s chat', async () => {
    const { key } = await userWithKey()
    const other = await userWithKey()
    const theirs = await createChat(other.user, other.project.id)
    for (const chatId of [randomUUID(), theirs.uuid]) {
      const response = await v1(key, 'GET', `/chats/${chatId}`)
      expect(response.status).toBe(404)
      expect(response.text).toBe(CHAT_NOT_FOUND)
      expectNoStore(response)
      expectRateLimitHeaders(response)
    }
  })

  it.each(MALFORMED_UUIDS)('400 "Invalid chat_id" for %s', async (chatId) => {
    const { key } = await userWithKey()
    const response = await v1(key, 'GET', `/chats/${chatId}`)
    expect(response.status).toBe(400)
    expect(response.text).toBe(INVALID_CHAT_ID)
    expectNoStore(response)
    expectRateLimitHeaders(response)
  })
})

describe('GET /api/v1/chats', () => {
  it('200 with the key owner\'s chats only, newest updated_at first, next_cursor null on the last page', async () => {
    const { user, key, project } = await userWithKey()
    const other = await userWithKey()
    await createChat(other.user, other.project.id, 'not yours')
    const a = await createChat(user, project.id, 'a')
    const b = await createChat(user, project.id, 'b')
    const c = await createChat(user, project.id, 'c')
    await addMessages(user, a.id, ['user', 'assistant']) // a moves to the top
    const response = await v1(key, 'GET', '/chats')
    expect(response.status).toBe(200)
    expect(Object.keys(response.body).sort()).toEqual(['chats', 'next_cursor'])
    expect(response.body.chats.map((chat: { id: string }) => chat.id)).toEqual([a.uuid, c.uuid, b.uuid])
    expect(response.body.chats[0]).toMatchObject({ name: 'a', message_count: 2 })
    for (const chat of response.body.chats) expect(Object.keys(chat).sort()).toEqual(CHAT_FIELDS)
    expect(response.body.next_cursor).toBeNull()
    expectNoStore(response)
    expectRateLimitHeaders(response)
  })

  it('200 with no chats and no cursor for a user without chats', async () => {
    const { key } = await userWithKey()
    const response = await v1(key, 'GET', '/chats')
    expect(response.text).toBe('{"chats":[],"next_cursor":null}')
  })

  it('pages with limit and cursor: every chat exactly once, in order, whatever the page size', async () => {
    const { user, key, project } = await userWithKey()
    const created: Chat[] = []
    for (let i = 0; i < 7; i++) created.push(await createChat(user, project.id, `chat ${i}`))
    const expected = (await v1(key, 'GET', '/chats?limit=200')).body.chats.map((chat: { id: string }) => chat.id)
    expect(expected).toHaveLength(7)
    expect(new Set(expected)).toEqual(new Set(created.map(chat => chat.uuid)))
    for (const limit of [1, 2, 3, 7]) {
      const pages = await allPages(key, limit)
      expect(pages).toHaveLength(Math.ceil(7 / limit))
      for (const page of pages.slice(0, -1)) {
        expect(page.body.chats).toHaveLength(limit)
        expect(page.body.next_cursor).toMatch(/^[\w-]+$/)
      }
      expect(pages.flatMap(page => page.body.chats.map((chat: { id: string }) => chat.id))).toEqual(expected)
    }
  })

  it('defaults to 50 a page', async () => {
    const { user, key, project } = await userWithKey()
    for (let i = 0; i < 51; i++) await createChat(user, project.id, `chat ${i}`)
    const first = await v1(key, 'GET', '/chats')
    expect(first.body.chats).toHaveLength(50)
    const second = await v1(key, 'GET', `/chats?cursor=${first.body.next_cursor}`)
    expect(second.body.chats).toHaveLength(1)
    expect(second.body.next_cursor).toBeNull()
  })

  it('another account\'s cursor shows nothing of theirs', async () => {
    const { user, key, project } = await userWithKey()
    const other = await userWithKey()
    await createChat(user, project.id, 'mine')
    for (let i = 0; i < 3; i++) await createChat(other.user, other.project.id, `theirs ${i}`)
    const theirCursor = (await v1(other.key, 'GET', '/chats?limit=1')).body.next_cursor
    const response = await v1(key, 'GET', `/chats?cursor=${theirCursor}`)
    expect(response.status).toBe(200)
    expect(response.body.chats.map((chat: { name: string }) => chat.name)).toEqual(['mine'])
  })

  it.each(['0', '201', '-1', '1.5', 'abc', '', '1e2', '01', '1%00', '%ED%A0%80'])('400 for limit=%s', async (limit) => {
    const { key } = await userWithKey()
    const response = await v1(key, 'GET', `/chats?limit=${limit}`)
    expect(response.status).toBe(400)
    expect(response.text).toBe(INVALID_LIMIT)
    expectNoStore(response)
  })

  it('400 for limit given twice; 200 for limit=200', async () => {
    const { key } = await userWithKey()
    expect((await v1(key, 'GET', '/chats?limit=1&limit=2')).text).toBe(INVALID_LIMIT)
    expect((await v1(key, 'GET', '/chats?limit=200')).status).toBe(200)
  })

  it.each(MALFORMED_CURSORS.map((cursor, i) => [i, cursor]))('400 for malformed cursor #%i', async (_, cursor) => {
    const { key } = await userWithKey()
    const response = await v1(key, 'GET', `/chats?cursor=${cursor}`)
    expect(response.status).toBe(400)
    expect(response.text).toBe(INVALID_CURSOR)
    expectNoStore(response)
  })

  it('400 for an empty cursor and for a cursor given twice', async () => {
    const { key } = await userWithKey()
    const cursor = b64(['2024-01-15T10:45:00.000000Z', randomUUID()])
    expect((await v1(key, 'GET', '/chats?cursor=')).text).toBe(INVALID_CURSOR)
    expect((await v1(key, 'GET', `/chats?cursor=${cursor}&cursor=${cursor}`)).text).toBe(INVALID_CURSOR)
    expect((await v1(key, 'GET', `/chats?cursor=${cursor}`)).status).toBe(200)
  })
})

describe('DELETE /api/v1/chats/{chat_id}', () => {
  it('200 with the seed\'s body; the chat, its links and its messages are gone; the other chats stay', async () => {
    const { user, key, project } = await userWithKey()
    const chat = await createChat(user, project.id, 'doomed')
    const kept = await createChat(user, project.id, 'kept')
    await addMessages(user, chat.id, ['system', 'user', 'assistant'])
    await addMessages(user, kept.id, ['user'])
    const before = Date.now()
    const response = await v1(key, 'DELETE', `/chats/${chat.uuid}`)
    expect(response.status).toBe(200)
    expect(Object.keys(response.body)).toEqual(['success', 'message', 'deleted_at'])
    expect(response.body).toMatchObject({ success: true, message: 'Chat deleted successfully' })
    expect(response.body.deleted_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/)
    expect(Math.abs(new Date(response.body.deleted_at).getTime() - before)).toBeLessThan(60_000)
    expectNoStore(response)
    expectRateLimitHeaders(response)

    expect((await v1(key, 'GET', `/chats/${chat.uuid}`)).text).toBe(CHAT_NOT_FOUND)
    expect((await cookieChat(user, chat)).status).toBe(404)
    expect((await user.call('GET', `/api/users/${user.id}/chats/${chat.id}/messages`)).status).toBe(404)
    const projectChats = await user.call('GET', `/api/users/${user.id}/projects/${project.id}/chats`)
    expect(projectChats.body.chats.map((c: { id: number }) => c.id)).toEqual([kept.id])
    expect((await v1(key, 'GET', `/chats/${kept.uuid}`)).body.chat.message_count).toBe(1)
  })

  it('404 the second time', async () => {
    const { user, key, project } = await userWithKey()
    const chat = await createChat(user, project.id)
    expect((await v1(key, 'DELETE', `/chats/${chat.uuid}`)).status).toBe(200)
    const again = await v1(key, 'DELETE', `/chats/${chat.uuid}`)
    expect(again.status).toBe(404)
    expect(again.text).toBe(CHAT_NOT_FOUND)
    expectNoStore(again)
  })

  it('404 for another account\'s chat, which stays whole; 404 for a UUID no chat has', async () => {
    const owner = await userWithKey()
    const intruder = await userWithKey()
    const chat = await createChat(owner.user, owner.project.id)
    await addMessages(owner.user, chat.id, ['user', 'assistant'])
    for (const chatId of [chat.uuid, randomUUID()]) {
      const response = await v1(intruder.key, 'DELETE', `/chats/${chatId}`)
      expect(response.status).toBe(404)
      expect(response.text).toBe(CHAT_NOT_FOUND)
    }
    expect((await v1(owner.key, 'GET', `/chats/${chat.uuid}`)).body.chat.message_count).toBe(2)
  })

  it.each(MALFORMED_UUIDS)('400 "Invalid chat_id" for %s', async (chatId) => {
    const { key } = await userWithKey()
    const response = await v1(key, 'DELETE', `/chats/${chatId}`)
    expect(response.status).toBe(400)
    expect(response.text).toBe(INVALID_CHAT_ID)
    expectNoStore(response)
  })

  it('100 parallel deletes (80 chats, 20 of them twice): each 200 or 404, never 500; nothing half-deleted', async () => {
    const { user, key, project } = await userWithKey()
    const chats: Chat[] = []
    for (let i = 0; i < 80; i++) chats.push(await createChat(user, project.id, `bulk ${i}`))
    await Promise.all(chats.slice(0, 20).map(chat => addMessages(user, chat.id, ['user', 'assistant'])))
    const kept = await createChat(user, project.id, 'kept')
    const targets = [...chats, ...chats.slice(0, 20)].map(chat => chat.uuid)

    const responses = await Promise.all(targets.map(uuid => v1(key, 'DELETE', `/chats/${uuid}`)))
    for (const response of responses) expect([200, 404], response.text).toContain(response.status)
    expect(responses.filter(r => r.status === 200)).toHaveLength(80)
    for (const response of responses.filter(r => r.status === 404)) expect(response.text).toBe(CHAT_NOT_FOUND)
    const remaining = (await v1(key, 'GET', '/chats?limit=200')).body.chats.map((chat: { id: string }) => chat.id)
    expect(remaining).toEqual([kept.uuid])
    const projectChats = await user.call('GET', `/api/users/${user.id}/projects/${project.id}/chats`)
    expect(projectChats.body.chats.map((c: { id: number }) => c.id)).toEqual([kept.id])
  })
})

describe('paths and methods no v1 route has', () => {
  it.each([
    ['POST', '/chats', 'GET'],
    ['PUT', `/chats/${randomUUID()}`, 'GET, DELETE'],
    ['PATCH', '/chats/not-a-uuid', 'GET, DELETE'],
  ])('405 with Allow for %s %s, in the v1 shape', async (method, path, allow) => {
    const response = await v1(undefined, method, path)
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe(allow)
    expect(response.text).toBe(`{"statusCode":405,"statusMessage":"Method Not Allowed","message":"Allowed methods: ${allow}"}`)
    expectNoStore(response)
  })

  it.each(['', '/', '/foo', '/chats/a/b'])('404 in the v1 shape for /api/v1%s, not the sign-in redirect', async (path) => {
    const response = await v1(undefined, 'GET', path)
    expect(response.status).toBe(404)
    expect(response.text).toBe('{"statusCode":404,"statusMessage":"Not Found","message":"No such v1 route"}')
    expectNoStore(response)
  })
})

describe('statements per v1 request (Server-Timing)', () => {
  it('the key costs 1 statement (look-up, last_used_at and rate limit together); list and read 1 more, delete 5 more, whatever the size', async () => {
    const { user, key, project } = await userWithKey()
    const chats: Chat[] = []
    for (let i = 0; i < 3; i++) chats.push(await createChat(user, project.id, `chat ${i}`))
    await addMessages(user, chats[0]!.id, Array.from({ length: 50 }, () => 'user' as const))
    const small = await v1(key, 'GET', '/chats?limit=2')
    for (let i = 0; i < 60; i++) await createChat(user, project.id, `more ${i}`)
    const large = await v1(key, 'GET', '/chats?limit=200')
    expect(large.body.chats).toHaveLength(63)
    expect([statementsOf(small), statementsOf(large)]).toEqual([2, 2])
    expect(statementsOf(await v1(key, 'GET', `/chats/${chats[0]!.uuid}`))).toBe(2)
    // Lock, count live connections, 3 deletes (the last one also notifies the live sockets); with force=true no count.
    expect(statementsOf(await v1(key, 'DELETE', `/chats/${chats[0]!.uuid}`))).toBe(6)
    expect(statementsOf(await v1(key, 'DELETE', `/chats/${chats[1]!.uuid}?force=true`))).toBe(5)
    expect(statementsOf(await v1(key, 'DELETE', `/chats/${chats[0]!.uuid}`))).toBe(2)
    expect(statementsOf(await v1(key, 'GET', '/chats/not-a-uuid'))).toBe(1)
  })

  it('a malformed key costs no statement, a well-formed unknown one a single look-up', async () => {
    expect(statementsOf(await v1('nk_short', 'GET', '/chats'))).toBe(0)
    expect(statementsOf(await v1(undefined, 'GET', '/chats'))).toBe(0)
    expect(statementsOf(await v1(`nk_${'A'.repeat(43)}`, 'GET', '/chats'))).toBe(1)
  })
})
