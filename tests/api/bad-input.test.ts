import { request as httpRequest } from 'node:http'
import { describe, expect, it } from 'vitest'
import { baseURL, request, signUp, type TestUser } from '../helpers/client'
import { createChat, createProject } from '../helpers/fixtures'

const MIB = 1024 * 1024
const NUL = 'a\u0000b'
const LONE_SURROGATE = 'a\uD800b'
const TOO_LARGE = { statusCode: 413, statusMessage: 'Payload Too Large', message: `Request body is larger than ${MIB} bytes` }
const BAD_TEXT = { statusCode: 400, statusMessage: 'Bad Request', data: { issues: [expect.objectContaining({ code: 'custom', message: expect.stringContaining('NUL bytes or unpaired surrogates') })] } }
const BAD_PATH = { statusCode: 400, statusMessage: 'Bad Request', data: { issues: [{ code: 'invalid_text', message: expect.any(String) }] } }

async function countsOf(user: TestUser, projectId: number, chatId: number) {
  const projects = await user.call('GET', `/api/users/${user.id}/projects`)
  const chats = await user.call('GET', `/api/users/${user.id}/projects/${projectId}/chats`)
  const messages = await user.call('GET', `/api/users/${user.id}/chats/${chatId}/messages`)
  const keys = await user.call('GET', `/api/users/${user.id}/api-keys`)
  return { projects: projects.body.projects.length, chats: chats.body.chats.length, messages: messages.body.messages.length, keys: keys.body.api_keys.length }
}

describe('a NUL byte or a lone surrogate in any string → 400, never 500, nothing changed', () => {
  // JSON.stringify writes a lone surrogate as \ud800, so it reaches the server as the JSON escape.
  for (const [what, bad] of [['a NUL byte', NUL], ['a lone surrogate', LONE_SURROGATE]] as const) {
    it(`${what} in every body field of every route`, async () => {
      const user = await signUp()
      const project = await createProject(user)
      const chat = await createChat(user, project.id)
      const before = await countsOf(user, project.id, chat.id)
      const attempts: [string, string, unknown][] = [
        ['POST', '/api/auth/register', { email: `x${bad}@example.test`, password: 'password1' }],
        ['POST', '/api/auth/register', { email: `new-${user.email}`, password: `password${bad}` }],
        ['POST', '/api/auth/login', { email: user.email, password: bad }],
        ['POST', `/api/users/${user.id}/projects`, { name: bad }],
        ['POST', `/api/users/${user.id}/projects`, { name: 'ok', description: bad }],
        ['POST', `/api/users/${user.id}/projects/${project.id}/chats`, { name: bad, model: 'm' }],
        ['POST', `/api/users/${user.id}/projects/${project.id}/chats`, { name: 'ok', model: bad }],
        ['POST', `/api/users/${user.id}/chats/${chat.id}/messages`, { messages: [{ actor: 'user', message: bad }] }],
        ['POST', `/api/users/${user.id}/password`, { current_password: user.password, new_password: `new password ${bad}` }],
        ['POST', `/api/users/${user.id}/password`, { current_password: `${user.password}${bad}`, new_password: 'new password' }],
        ['POST', `/api/users/${user.id}/api-keys`, { name: bad }],
        ['POST', `/api/users/${user.id}/api-keys`, { name: ` padded ${bad} ` }],
        // Where no schema field reads it — a property the schema drops, a property name, deep in
        // an array — the body is refused all the same: the rule runs over the whole body first.
        ['POST', `/api/users/${user.id}/projects`, { name: 'ok', note: bad }],
        ['POST', `/api/users/${user.id}/projects`, { name: 'ok', [`x${bad}`]: 1 }],
        ['POST', `/api/users/${user.id}/chats/${chat.id}/messages`, { messages: [{ actor: 'user', message: 'ok', extra: [{ deep: bad }] }] }],
      ]
      for (const [method, path, json] of attempts) {
        const response = await user.call(method, path, { json })
        expect(response.status, `${method} ${path} ${JSON.stringify(json)}`).toBe(400)
        expect(response.body).toMatchObject(BAD_TEXT)
      }
      // The batch delete answers its own 400, and deletes nothing.
      const batch = await user.call('DELETE', `/api/users/${user.id}/projects/${project.id}/chats`, { json: { chat_ids: [chat.id], note: bad } })
      expect(batch.status).toBe(400)
      expect(await countsOf(user, project.id, chat.id)).toEqual(before)
      expect((await request('POST', '/api/auth/login', { json: { email: user.email, password: user.password } })).status).toBe(200)
    })
  }

  it.each([
    ['a NUL in the query', (u: TestUser, p: number) => `/api/users/${u.id}/projects/${p}/chats?order_by=name%00:asc`],
    ['a NUL in a query name', (u: TestUser, p: number) => `/api/users/${u.id}/projects/${p}/chats?a%00b=1`],
    ['a NUL in the path', (u: TestUser, p: number) => `/api/users/${u.id}/projects/${p}%00/chats`],
    ['a surrogate encoded as UTF-8 bytes in the path', (u: TestUser, p: number) => `/api/users/${u.id}/projects/${p}%ED%A0%80/chats`],
    ['broken percent-encoding in the query', (u: TestUser, p: number) => `/api/users/${u.id}/projects/${p}/chats?order_by=%E0%A4%A`],
  ])('%s', async (_case, pathOf) => {
    const user = await signUp()
    const project = await createProject(user)
    const response = await user.call('GET', pathOf(user, project.id))
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject(BAD_PATH)
  })

  it('a DELETE with a NUL in the path changes nothing', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const chat = await createChat(user, project.id)
    const response = await user.call('DELETE', `/api/users/${user.id}/projects/${project.id}/chats/${chat.id}%00`)
    expect(response.status).toBe(400)
    expect((await countsOf(user, project.id, chat.id)).chats).toBe(1)
  })
})

describe('JSON that is not an object where one is expected → 400', () => {
  it.each(['[]', '"text"', '42', 'null', 'true', '[{"name":"x"}]'])('%s', async (raw) => {
    const user = await signUp()
    for (const path of ['/api/auth/register', '/api/auth/login', `/api/users/${user.id}/projects`]) {
      const response = await user.call('POST', path, { raw })
      expect(response.status, path).toBe(400)
      expect(response.body).toMatchObject({ statusCode: 400, statusMessage: 'Bad Request', data: { issues: [expect.objectContaining({ code: 'invalid_type' })] } })
    }
    expect((await user.call('GET', `/api/users/${user.id}/projects`)).body.projects).toEqual([])
  })
})

/** A chunked request (no Content-Length) that keeps sending until the server answers. */
function sendChunked(path: string, totalBytes: number, cookie?: string): Promise<{ status: number, body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, baseURL), { method: 'POST', headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) } })
    let answered = false
    req.on('response', (res) => {
      answered = true
      let text = ''
      res.on('data', (chunk: Buffer) => (text += chunk.toString()))
      res.on('end', () => {
        resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : undefined })
        req.destroy()
      })
    })
    // Once the server has answered and closed, the rest of our writes may fail: that is the point.
    req.on('error', error => answered ? undefined : reject(error))
    const chunk = Buffer.alloc(64 * 1024, ' ')
    let sent = 0
    const write = () => {
      while (!answered && sent < totalBytes) {
        sent += chunk.length
        if (!req.write(chunk)) return void req.once('drain', write)
      }
      if (!answered) req.end()
    }
    write()
  })
}

describe('bodies over 1 MiB → 413 before they are buffered', () => {
  it('a Content-Length over 1 MiB is refused before the route runs (sign-in reads no more of it)', async () => {
    const response = await request('POST', '/api/auth/login', { raw: ' '.repeat(MIB + 1) })
    expect(response.status).toBe(413)
    expect(response.body).toMatchObject(TOO_LARGE)
  })

  it('even where the route would answer 401 first: the limit comes before the session', async () => {
    const response = await request('POST', '/api/users/1/projects', { raw: ' '.repeat(MIB + 1) })
    expect(response.status).toBe(413)
  })

  it('a chunked body is counted as it streams and refused past 1 MiB, nothing created', async () => {
    const user = await signUp()
    const response = await sendChunked(`/api/users/${user.id}/projects`, 8 * MIB, user.cookie)
    expect(response.status).toBe(413)
    expect(response.body).toMatchObject(TOO_LARGE)
    expect((await user.call('GET', `/api/users/${user.id}/projects`)).body.projects).toEqual([])
  })

  it('a body of exactly 1 MiB is read (here: a project, padded with spaces)', async () => {
    const user = await signUp()
    const json = JSON.stringify({ name: 'padded' })
    const response = await user.call('POST', `/api/users/${user.id}/projects`, { raw: json + ' '.repeat(MIB - json.length) })
    expect(response.status).toBe(201)
    expect(response.body.project.name).toBe('padded')
  })

  it('a chunked body under the limit is read as usual', async () => {
    const user = await signUp()
    const response = await sendChunked(`/api/users/${user.id}/projects`, 0, user.cookie)
    // An empty body is not an object: the route's own 400, so the stream reached it.
    expect(response.status).toBe(400)
  })

  it('a client that goes away mid-body leaves nothing behind: no project, the server serves on', async () => {
    const user = await signUp()
    const req = httpRequest(new URL(`/api/users/${user.id}/projects`, baseURL), { method: 'POST', headers: { 'content-type': 'application/json', 'cookie': user.cookie } })
    req.on('error', () => undefined)
    req.write('{"name":"half')
    req.destroy()
    expect((await user.call('GET', `/api/users/${user.id}/projects`)).body.projects).toEqual([])
  })

  it('the server serves on after refusing large bodies', async () => {
    expect((await request('GET', '/api/health')).status).toBe(200)
  })
})
