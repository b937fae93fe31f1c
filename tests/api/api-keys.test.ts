import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { request, signUp, type TestUser } from '../helpers/client'
import { createApiKey, v1, type ApiKey } from '../helpers/fixtures'

const NO_ACCESS = { statusCode: 401, statusMessage: 'Unauthorized', message: 'You do not have access to view the information.' }
const INVALID_KEY = '{"statusCode":401,"statusMessage":"Unauthorized","message":"Invalid or missing API key"}'
const KEY_NOT_FOUND = { statusCode: 404, statusMessage: 'Not Found', message: 'API key not found' }
const TOO_MANY = {
  statusCode: 400,
  statusMessage: 'Bad Request',
  message: 'You already have 50 API keys, the most allowed: revoke one before creating another',
  data: { issues: [{ code: 'too_many_keys', message: 'You already have 50 API keys, the most allowed: revoke one before creating another' }] },
}
const BAD_IDS = ['-1', '0', '1.5', '1e3', '99999999999', 'abc']

const keysPath = (user: TestUser) => `/api/users/${user.id}/api-keys`
const listKeys = async (user: TestUser) => (await user.call('GET', keysPath(user))).body.api_keys as ApiKey[]

describe('POST /api/users/[user_id]/api-keys', () => {
  it('201 with the key row and the secret, shown this once; only its SHA-256 is kept', async () => {
    const user = await signUp()
    const response = await user.call('POST', keysPath(user), { json: { name: '  ci deploys  ' } })
    expect(response.status).toBe(201)
    const { api_key: apiKey, key } = response.body
    expect(Object.keys(response.body).sort()).toEqual(['api_key', 'key'])
    expect(Object.keys(apiKey).sort()).toEqual(['created_at', 'expires_at', 'id', 'last_used_at', 'name', 'prefix', 'scopes'])
    expect(apiKey).toMatchObject({ name: 'ci deploys', last_used_at: null, prefix: key.slice(0, 10) })
    expect(key).toMatch(/^nk_[\w-]{43}$/)
    expect(Buffer.from(key.slice(3), 'base64url')).toHaveLength(32)
    expect(new Date(apiKey.created_at).toISOString()).toBe(apiKey.created_at)

    const list = await user.call('GET', keysPath(user))
    expect(list.body).toEqual({ api_keys: [apiKey] })
    expect(list.text).not.toContain(key.slice(10))
    expect(list.text).not.toContain(createHash('sha256').update(key).digest('hex'))
  })

  it('makes a different key every time', async () => {
    const user = await signUp()
    const keys = await Promise.all(Array.from({ length: 5 }, () => createApiKey(user)))
    expect(new Set(keys.map(k => k.key)).size).toBe(5)
  })

  it.each([
    ['an empty name', { name: '' }, 'name: Name is required'],
    ['a blank name', { name: '   ' }, 'name: Name is required'],
    ['a name of 101 characters', { name: 'x'.repeat(101) }, 'name: Name must be at most 100 characters'],
    ['no name', {}, 'name: Invalid input: expected string, received undefined'],
  ])('400 for %s', async (_, body, message) => {
    const user = await signUp()
    const response = await user.call('POST', keysPath(user), { json: body })
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ statusCode: 400, statusMessage: 'Bad Request', message })
    expect(await listKeys(user)).toEqual([])
  })

  it('accepts a name of 100 characters', async () => {
    const user = await signUp()
    const { apiKey } = await createApiKey(user, 'x'.repeat(100))
    expect(apiKey.name).toBe('x'.repeat(100))
  })

  it('400 for a body that is not JSON', async () => {
    const user = await signUp()
    const response = await user.call('POST', keysPath(user), { raw: '{"name":' })
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ statusCode: 400, statusMessage: 'Bad Request', data: { issues: [{ code: 'invalid_json', message: 'Body is not valid JSON' }] } })
  })

  it('400 beyond 50 live keys; a revoked key frees a place', async () => {
    const user = await signUp()
    const keys = []
    for (let i = 0; i < 50; i++) keys.push(await createApiKey(user, `key ${i}`))
    const refused = await user.call('POST', keysPath(user), { json: { name: 'one too many' } })
    expect(refused.status).toBe(400)
    expect(refused.body).toMatchObject(TOO_MANY)
    expect(await listKeys(user)).toHaveLength(50)

    expect((await user.call('DELETE', `${keysPath(user)}/${keys[0]!.apiKey.id}`)).status).toBe(204)
    expect((await user.call('POST', keysPath(user), { json: { name: 'replacement' } })).status).toBe(201)
    expect((await user.call('POST', keysPath(user), { json: { name: 'again too many' } })).status).toBe(400)
  })

  it('60 creations at once: exactly 50 succeed, the rest get the 400', async () => {
    const user = await signUp()
    const responses = await Promise.all(Array.from({ length: 60 }, (_, i) => user.call('POST', keysPath(user), { json: { name: `race ${i}` } })))
    expect(responses.filter(r => r.status === 201)).toHaveLength(50)
    const refused = responses.filter(r => r.status !== 201)
    expect(refused).toHaveLength(10)
    for (const response of refused) expect(response.body).toMatchObject(TOO_MANY)
    expect(await listKeys(user)).toHaveLength(50)
  })

  it('401 without a session and for another user\'s user_id', async () => {
    const owner = await signUp()
    const intruder = await signUp()
    expect((await request('POST', keysPath(owner), { json: { name: 'x' } })).body).toMatchObject(NO_ACCESS)
    const response = await intruder.call('POST', keysPath(owner), { json: { name: 'x' } })
    expect(response.status).toBe(401)
    expect(response.body).toMatchObject(NO_ACCESS)
    expect(await listKeys(owner)).toEqual([])
  })
})

describe('GET /api/users/[user_id]/api-keys', () => {
  it('200 with the live keys, newest first, and no other user\'s', async () => {
    const user = await signUp()
    const other = await signUp()
    const first = await createApiKey(user, 'first')
    const second = await createApiKey(user, 'second')
    await createApiKey(other, 'not yours')
    const response = await user.call('GET', keysPath(user))
    expect(response.status).toBe(200)
    expect(response.body).toEqual({ api_keys: [second.apiKey, first.apiKey] })
  })

  it('200 with an empty list for a user without keys', async () => {
    const user = await signUp()
    expect((await user.call('GET', keysPath(user))).body).toEqual({ api_keys: [] })
  })

  it('last_used_at is set by the first v1 call, and not moved again within a minute', async () => {
    const user = await signUp()
    const { apiKey, key } = await createApiKey(user)
    expect((await v1(key, 'GET', '/chats')).status).toBe(200)
    const [used] = await listKeys(user)
    expect(used!.last_used_at).not.toBeNull()
    expect(new Date(used!.last_used_at!).getTime()).toBeGreaterThanOrEqual(new Date(apiKey.created_at).getTime())
    expect((await v1(key, 'GET', '/chats')).status).toBe(200)
    const [again] = await listKeys(user)
    expect(again!.last_used_at).toBe(used!.last_used_at)
  })

  it('401 without a session and for another user\'s user_id', async () => {
    const owner = await signUp()
    const intruder = await signUp()
    await createApiKey(owner)
    for (const response of [await request('GET', keysPath(owner)), await intruder.call('GET', keysPath(owner))]) {
      expect(response.status).toBe(401)
      expect(response.body).toMatchObject(NO_ACCESS)
    }
  })
})

describe('DELETE /api/users/[user_id]/api-keys/[key_id]', () => {
  it('204 with no body; the key is refused at once and leaves the list; the other keys keep working', async () => {
    const user = await signUp()
    const doomed = await createApiKey(user, 'doomed')
    const kept = await createApiKey(user, 'kept')
    expect((await v1(doomed.key, 'GET', '/chats')).status).toBe(200)
    const response = await user.call('DELETE', `${keysPath(user)}/${doomed.apiKey.id}`)
    expect(response.status).toBe(204)
    expect(response.text).toBe('')
    const refused = await v1(doomed.key, 'GET', '/chats')
    expect(refused.status).toBe(401)
    expect(refused.text).toBe(INVALID_KEY)
    expect((await listKeys(user)).map(k => k.name)).toEqual(['kept'])
    expect((await v1(kept.key, 'GET', '/chats')).status).toBe(200)
  })

  it('404 the second time', async () => {
    const user = await signUp()
    const { apiKey } = await createApiKey(user)
    expect((await user.call('DELETE', `${keysPath(user)}/${apiKey.id}`)).status).toBe(204)
    const again = await user.call('DELETE', `${keysPath(user)}/${apiKey.id}`)
    expect(again.status).toBe(404)
    expect(again.body).toMatchObject(KEY_NOT_FOUND)
  })

  it('404 for another user\'s key id (through the user\'s own path) and for a missing one; the key keeps working', async () => {
    const owner = await signUp()
    const intruder = await signUp()
    const { apiKey, key } = await createApiKey(owner)
    for (const id of [apiKey.id, 2_147_483_647]) {
      const response = await intruder.call('DELETE', `${keysPath(intruder)}/${id}`)
      expect(response.status).toBe(404)
      expect(response.body).toMatchObject(KEY_NOT_FOUND)
    }
    expect((await v1(key, 'GET', '/chats')).status).toBe(200)
  })

  it('401 without a session and for another user\'s user_id; the key keeps working', async () => {
    const owner = await signUp()
    const intruder = await signUp()
    const { apiKey, key } = await createApiKey(owner)
    const responses = [await request('DELETE', `${keysPath(owner)}/${apiKey.id}`), await intruder.call('DELETE', `${keysPath(owner)}/${apiKey.id}`)]
    for (const response of responses) {
      expect(response.status).toBe(401)
      expect(response.body).toMatchObject(NO_ACCESS)
    }
    expect((await v1(key, 'GET', '/chats')).status).toBe(200)
  })

  it.each(BAD_IDS)('400 "Invalid key_id" for key_id %s', async (keyId) => {
    const user = await signUp()
    const response = await user.call('DELETE', `${keysPath(user)}/${keyId}`)
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ statusCode: 400, statusMessage: 'Bad Request', data: { issues: [{ code: 'invalid_type', message: 'Invalid key_id' }] } })
  })
})
