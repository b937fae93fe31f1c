import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { signUp, type TestUser } from '../helpers/client'
import { ALL_SCOPES, createApiKey, createChat, createProject, v1, type Chat, type Scope } from '../helpers/fixtures'
import { connectLive } from '../helpers/live'

// The keys' scopes and expiry, Bearer, WWW-Authenticate (docs/api.md, "Authentication").

const INVALID_KEY = '{"statusCode":401,"statusMessage":"Unauthorized","message":"Invalid or missing API key"}'
const CHALLENGE = 'Bearer realm="neptun-v1"'
const INVALID_TOKEN = 'Bearer realm="neptun-v1", error="invalid_token"'

/** Every v1 route, with the one scope it needs and its answer with that scope. */
const ROUTES: { method: string, path: (chat: Chat) => string, scope: Scope, ok: number, json?: (chat: Chat) => unknown }[] = [
  { method: 'GET', path: () => '/chats', scope: 'chats:read', ok: 200 },
  { method: 'GET', path: chat => `/chats/${chat.uuid}`, scope: 'chats:read', ok: 200 },
  { method: 'GET', path: chat => `/chats/${chat.uuid}/export`, scope: 'messages:read', ok: 200 },
  { method: 'GET', path: () => '/receipts', scope: 'chats:read', ok: 200 },
  { method: 'GET', path: () => `/receipts/${randomUUID()}`, scope: 'chats:read', ok: 404 },
  { method: 'GET', path: chat => `/chats/${chat.uuid}/messages`, scope: 'messages:read', ok: 200 },
  { method: 'POST', path: chat => `/chats/${chat.uuid}/messages`, scope: 'messages:write', ok: 201, json: () => ({ messages: [{ actor: 'user', message: 'hi' }] }) },
  { method: 'DELETE', path: chat => `/chats/${chat.uuid}/messages/last`, scope: 'messages:write', ok: 200 },
  { method: 'POST', path: () => '/chats/batch-delete', scope: 'chats:delete', ok: 200, json: () => ({ chat_ids: [randomUUID()] }) },
  { method: 'DELETE', path: chat => `/chats/${chat.uuid}`, scope: 'chats:delete', ok: 200 },
]

const keysPath = (user: TestUser) => `/api/users/${user.id}/api-keys`

describe('POST /api/users/{user_id}/api-keys: scopes and expiry', () => {
  it('201 with all four scopes and no expiry when neither is given', async () => {
    const user = await signUp()
    const { apiKey } = await createApiKey(user)
    expect(apiKey).toMatchObject({ scopes: ALL_SCOPES, expires_at: null })
    expect((await user.call('GET', keysPath(user))).body.api_keys).toEqual([apiKey])
  })

  it.each([7, 30, 90, 365])('201 with expires_at %i days from now', async (days) => {
    const user = await signUp()
    const before = Date.now()
    const { apiKey } = await createApiKey(user, 'expiring', { scopes: ['chats:read'], expires_in_days: days })
    const after = Date.now()
    expect(apiKey.scopes).toEqual(['chats:read'])
    const expires = Date.parse(apiKey.expires_at!)
    // The database's clock: allow a second either side.
    expect(expires).toBeGreaterThanOrEqual(before + days * 86_400_000 - 1000)
    expect(expires).toBeLessThanOrEqual(after + days * 86_400_000 + 1000)
  })

  it.each([
    ['no scope', { scopes: [] }, 'scopes: Choose at least one scope'],
    ['an unknown scope', { scopes: ['chats:write'] }, 'scopes.0: Scopes are chats:read, chats:delete, messages:read, messages:write'],
    ['a scope twice', { scopes: ['chats:read', 'chats:read'] }, 'scopes: Give each scope once'],
    ['scopes not a list', { scopes: 'chats:read' }, undefined],
    ['another lifetime', { expires_in_days: 14 }, 'expires_in_days: Expiry is one of 7, 30, 90, 365 days, or null for none'],
    ['a lifetime as text', { expires_in_days: '30' }, 'expires_in_days: Expiry is one of 7, 30, 90, 365 days, or null for none'],
  ])('400 for %s; no key is made', async (_case, extra, message) => {
    const user = await signUp()
    const response = await user.call('POST', keysPath(user), { json: { name: 'bad', ...extra } })
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ statusCode: 400, statusMessage: 'Bad Request' })
    if (message) expect(response.body.message).toBe(message)
    expect((await user.call('GET', keysPath(user))).body.api_keys).toEqual([])
  })
})

describe('scopes on every v1 route', () => {
  it('every route × every missing scope: 403 naming the scope, nothing done; with its scope the route answers', async () => {
    const user = await signUp()
    const project = await createProject(user)
    for (const missing of ALL_SCOPES) {
      const chat = await createChat(user, project.id)
      const { key } = await createApiKey(user, `without ${missing}`, { scopes: ALL_SCOPES.filter(scope => scope !== missing) })
      for (const route of ROUTES) {
        const what = `${route.method} ${route.path(chat)} without ${missing}`
        const response = await v1(key, route.method, route.path(chat), { json: route.json?.(chat) })
        if (route.scope !== missing) {
          expect(response.status, what).toBe(route.ok)
          continue
        }
        expect(response.status, what).toBe(403)
        expect(response.body).toEqual({
          statusCode: 403,
          statusMessage: 'Forbidden',
          message: `This API key lacks the ${missing} scope`,
          data: { missing_scope: missing },
        })
        expect(response.headers.get('cache-control')).toBe('no-store')
        expect(response.headers.get('ratelimit-limit')).toBe('600')
      }
      // The routes run in ROUTES' order, the delete last: it deleted the chat unless it was refused.
      const stays = missing === 'chats:delete'
      expect((await user.call('GET', `/api/users/${user.id}/chats/${chat.id}`)).status).toBe(stays ? 200 : 404)
    }
  })

  it('403 before the input is read: a malformed chat_id still answers the scope', async () => {
    const user = await signUp()
    const { key } = await createApiKey(user, 'read only', { scopes: ['chats:read'] })
    const response = await v1(key, 'DELETE', '/chats/not-a-uuid')
    expect(response.status).toBe(403)
  })

  it('a live socket needs messages:read (403 in the handshake), and opens with it', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const chat = await createChat(user, project.id)
    const without = await createApiKey(user, 'no messages', { scopes: ['chats:read', 'chats:delete', 'messages:write'] })
    const refused = await connectLive(`/api/v1/chats/${chat.uuid}/live`, { apiKey: without.key })
    expect(refused.status).toBe(403)
    expect('body' in refused && refused.body).toEqual({ statusCode: 403, statusMessage: 'Forbidden', message: 'This API key lacks the messages:read scope' })
    const { key } = await createApiKey(user, 'messages', { scopes: ['messages:read'] })
    const opened = await connectLive(`/api/v1/chats/${chat.uuid}/live`, { apiKey: key })
    expect(opened.status).toBe(101)
    if ('socket' in opened) await opened.socket.close()
  })
})

describe('Authorization: Bearer', () => {
  it('works wherever X-API-Key does, and both with the same key is fine', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const chat = await createChat(user, project.id)
    const { key } = await createApiKey(user)
    const variants: Record<string, string>[] = [{ authorization: `Bearer ${key}` }, { authorization: `bearer ${key}` }, { 'authorization': `Bearer ${key}`, 'x-api-key': key }]
    for (const headers of variants) {
      const response = await v1(undefined, 'GET', `/chats/${chat.uuid}`, { headers })
      expect(response.status, JSON.stringify(Object.keys(headers))).toBe(200)
      expect(response.body.chat.id).toBe(chat.uuid)
    }
    const opened = await connectLive(`/api/v1/chats/${chat.uuid}/live`, { headers: { authorization: `Bearer ${key}` } })
    expect(opened.status).toBe(101)
    if ('socket' in opened) await opened.socket.close()
  })

  it('401 for two different keys in the two headers, even when both are live; nothing deleted', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const chat = await createChat(user, project.id)
    const first = await createApiKey(user, 'first')
    const second = await createApiKey(user, 'second')
    const response = await v1(first.key, 'DELETE', `/chats/${chat.uuid}`, { headers: { authorization: `Bearer ${second.key}` } })
    expect(response.status).toBe(401)
    expect(response.text).toBe(INVALID_KEY)
    expect(response.headers.get('www-authenticate')).toBe(INVALID_TOKEN)
    const refused = await connectLive(`/api/v1/chats/${chat.uuid}/live`, { apiKey: first.key, headers: { authorization: `Bearer ${second.key}` } })
    expect(refused.status).toBe(401)
    expect((await user.call('GET', `/api/users/${user.id}/chats/${chat.id}`)).status).toBe(200)
  })

  it.each([
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['Bearer without a key', 'Bearer'],
    ['Bearer with an unknown key', `Bearer nk_${Buffer.alloc(32, 9).toString('base64url')}`],
    ['Bearer with two words', 'Bearer a b'],
  ])('401 with WWW-Authenticate for %s', async (_case, authorization) => {
    const response = await v1(undefined, 'GET', '/chats', { headers: { authorization } })
    expect(response.status).toBe(401)
    expect(response.text).toBe(INVALID_KEY)
    expect(response.headers.get('www-authenticate')).toBe(INVALID_TOKEN)
  })
})

describe('WWW-Authenticate on every 401', () => {
  it('names the scheme when no key was sent, and invalid_token when a key was refused (revoked too)', async () => {
    const user = await signUp()
    const { apiKey, key } = await createApiKey(user)
    expect((await user.call('DELETE', `${keysPath(user)}/${apiKey.id}`)).status).toBe(204)
    for (const route of ROUTES) {
      const path = route.path({ uuid: randomUUID() } as Chat)
      const none = await v1(undefined, route.method, path)
      expect(none.status).toBe(401)
      expect(none.headers.get('www-authenticate')).toBe(CHALLENGE)
      const revoked = await v1(key, route.method, path)
      expect(revoked.status).toBe(401)
      expect(revoked.headers.get('www-authenticate')).toBe(INVALID_TOKEN)
    }
    const refused = await connectLive(`/api/v1/chats/${randomUUID()}/live`, { apiKey: key })
    expect(refused.status).toBe(401)
    expect(refused.headers['www-authenticate']).toBe(INVALID_TOKEN)
  })
})
