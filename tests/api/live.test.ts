import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { baseURL, request, sessionCookieOf, signUp, type TestUser } from '../helpers/client'
import { addMessages, createApiKey, createChat, createProject, v1 } from '../helpers/fixtures'
import { connectLive, openLive, type LiveSocket } from '../helpers/live'

const livePath = (chatUuid: string) => `/api/v1/chats/${chatUuid}/live`

/** Another session of the user's (another device): its cookie. */
async function signIn(user: TestUser): Promise<string> {
  const response = await request('POST', '/api/auth/login', { json: { email: user.email, password: user.password } })
  expect(response.status).toBe(200)
  return sessionCookieOf(response)
}

async function userWithChat() {
  const user = await signUp()
  const project = await createProject(user)
  const chat = await createChat(user, project.id)
  return { user, project, chat }
}

describe('GET /api/v1/chats/{chat_id}/live: the handshake', () => {
  it('101 for the owner\'s cookie; the first event is ready with the chat\'s UUID', async () => {
    const { user, chat } = await userWithChat()
    const socket = await openLive(livePath(chat.uuid), { cookie: user.cookie })
    expect(socket.events[0]).toEqual({ type: 'ready', chat_id: chat.uuid })
    await socket.close()
  })

  it('101 from the site\'s own page (same-host Origin), with an upper-case UUID too', async () => {
    const { user, chat } = await userWithChat()
    const socket = await openLive(livePath(chat.uuid.toUpperCase()), { cookie: user.cookie, origin: new URL(baseURL).origin })
    expect(socket.events[0]).toEqual({ type: 'ready', chat_id: chat.uuid })
    await socket.close()
  })

  it('401 without a cookie, and with a cookie that is not ours', async () => {
    const { chat } = await userWithChat()
    for (const cookie of [undefined, 'neptun-session=Fe26.2**forged', 'neptun-session=']) {
      const handshake = await connectLive(livePath(chat.uuid), { cookie })
      expect(handshake.status).toBe(401)
      expect('body' in handshake && handshake.body).toEqual({ statusCode: 401, statusMessage: 'Unauthorized', message: 'Not signed in' })
    }
  })

  it('401 for a cookie whose session ended (signed out elsewhere)', async () => {
    const { user, chat } = await userWithChat()
    expect((await user.call('POST', '/api/auth/logout')).status).toBeLessThan(300)
    const handshake = await connectLive(livePath(chat.uuid), { cookie: user.cookie })
    expect(handshake.status).toBe(401)
    expect('body' in handshake && handshake.body).toEqual({ statusCode: 401, statusMessage: 'Unauthorized', message: 'Not signed in' })
  })

  it('403 for a cross-site Origin carrying the cookie', async () => {
    const { user, chat } = await userWithChat()
    for (const origin of ['https://evil.example', 'null']) {
      const handshake = await connectLive(livePath(chat.uuid), { cookie: user.cookie, origin })
      expect(handshake.status).toBe(403)
      expect('body' in handshake && handshake.body).toEqual({ statusCode: 403, statusMessage: 'Forbidden', message: 'Cross-site WebSocket handshakes are refused' })
    }
  })

  it('404 for another account\'s chat and for a chat that does not exist', async () => {
    const { chat } = await userWithChat()
    const stranger = await signUp()
    for (const uuid of [chat.uuid, randomUUID()]) {
      const handshake = await connectLive(livePath(uuid), { cookie: stranger.cookie })
      expect(handshake.status).toBe(404)
      expect('body' in handshake && handshake.body).toEqual({ statusCode: 404, statusMessage: 'Not Found', message: 'Chat not found' })
    }
  })

  it('400 for a chat_id that is not a UUID (never a database cast error)', async () => {
    const { user } = await userWithChat()
    for (const id of ['1', 'not-a-uuid', '%E0%A4%A', `${randomUUID()}x`]) {
      const handshake = await connectLive(livePath(id), { cookie: user.cookie })
      expect(handshake.status, id).toBe(400)
      expect('body' in handshake && handshake.body).toEqual({ statusCode: 400, statusMessage: 'Bad Request', message: 'Invalid chat_id' })
    }
  })

  it('turning websockets on starts no session: a request without a cookie gets none back', async () => {
    for (const path of ['/api/v1/chats', `/api/v1/chats/${randomUUID()}`, `/api/v1/chats/${randomUUID()}/live`]) {
      const response = await request('GET', path)
      expect(response.headers.getSetCookie(), path).toEqual([])
    }
  })

  it('426 for a plain GET without the upgrade', async () => {
    const { user, chat } = await userWithChat()
    const response = await user.call('GET', livePath(chat.uuid))
    expect(response.status).toBe(426)
  })
})

describe('live events from the cookie routes', () => {
  it('POST …/messages → message.created, one event per message, with the message', async () => {
    const { user, chat } = await userWithChat()
    const socket = await openLive(livePath(chat.uuid), { cookie: user.cookie })
    const added = await addMessages(user, chat.id, [{ actor: 'user', message: 'hello' }, { actor: 'assistant', message: 'hi!' }])
    const created = await socket.waitFor(event => event.type === 'message.created' && (event.message as { id: number }).id === added[1]!.id)
    expect(created).toEqual({ type: 'message.created', chat_id: chat.uuid, message: { id: added[1]!.id, actor: 'assistant', message: 'hi!', created_at: added[1]!.created_at } })
    expect(socket.events.filter(event => event.type === 'message.created').map(event => (event.message as { id: number }).id)).toEqual(added.map(m => m.id))
    await socket.close()
  })

  it('DELETE …/messages/last → messages.deleted with the trimmed ids, on every socket of the chat', async () => {
    const { user, chat } = await userWithChat()
    const messages = await addMessages(user, chat.id, ['user', 'assistant', 'user', 'assistant'])
    const sockets = [await openLive(livePath(chat.uuid), { cookie: user.cookie }), await openLive(livePath(chat.uuid), { cookie: user.cookie })]
    const trim = await user.call('DELETE', `/api/users/${user.id}/chats/${chat.id}/messages/last`)
    expect(trim.status).toBe(200)
    for (const socket of sockets) {
      expect(await socket.waitFor(event => event.type === 'messages.deleted'))
        .toEqual({ type: 'messages.deleted', chat_id: chat.uuid, message_ids: [messages[2]!.id, messages[3]!.id] })
      await socket.close()
    }
  })

  it('DELETE …/projects/[project_id]/chats/[chat_id] is not refused by live sockets: they get chat.deleted and close 4004', async () => {
    const { user, project, chat } = await userWithChat()
    const socket = await openLive(livePath(chat.uuid), { cookie: user.cookie })
    const response = await user.call('DELETE', `/api/users/${user.id}/projects/${project.id}/chats/${chat.id}`)
    expect(response.status).toBe(200)
    expect(await socket.waitFor(event => event.type === 'chat.deleted')).toEqual({ type: 'chat.deleted', chat_id: chat.uuid })
    expect(await socket.closed).toEqual({ code: 4004, reason: 'Chat deleted' })
    // And the chat cannot be followed any more.
    expect((await connectLive(livePath(chat.uuid), { cookie: user.cookie })).status).toBe(404)
  })

  it('the batch delete closes the sockets of every deleted chat, and leaves the others open', async () => {
    const { user, project, chat } = await userWithChat()
    const second = await createChat(user, project.id, 'second')
    const kept = await createChat(user, project.id, 'kept')
    const [a, b, c] = await Promise.all([chat, second, kept].map(x => openLive(livePath(x.uuid), { cookie: user.cookie })))
    const response = await user.call('DELETE', `/api/users/${user.id}/projects/${project.id}/chats`, { json: { chat_ids: [chat.id, second.id] } })
    expect(response.status).toBe(200)
    expect((await a!.closed).code).toBe(4004)
    expect((await b!.closed).code).toBe(4004)
    // The kept chat's socket still works: a trim reaches it after the deletes did.
    await addMessages(user, kept.id, ['user'])
    await c!.waitFor(event => event.type === 'message.created')
    expect(c!.isOpen()).toBe(true)
    expect(c!.events.some(event => event.type === 'chat.deleted')).toBe(false)
    await c!.close()
  })

  it('a socket that closes stops getting events, and the chat\'s other sockets keep theirs', async () => {
    const { user, chat } = await userWithChat()
    const leaving = await openLive(livePath(chat.uuid), { cookie: user.cookie })
    const staying = await openLive(livePath(chat.uuid), { cookie: user.cookie })
    await leaving.close()
    await addMessages(user, chat.id, ['user'])
    await staying.waitFor(event => event.type === 'message.created')
    expect(leaving.events.map(event => event.type)).toEqual(['ready'])
    await staying.close()
  })

  it('answers {"type":"ping"} with {"type":"pong"}', async () => {
    const { user, chat } = await userWithChat()
    const socket = await openLive(livePath(chat.uuid), { cookie: user.cookie })
    socket.send(JSON.stringify({ type: 'ping' }))
    expect(await socket.waitFor(event => event.type === 'pong')).toEqual({ type: 'pong' })
    await socket.close()
  })
})

describe('GET /api/users/{user_id}/live: the user\'s chats created, changed and deleted', () => {
  it('gets chat.deleted with the integer id for every chat deleted through any route', async () => {
    const { user, project, chat } = await userWithChat()
    const second = await createChat(user, project.id, 'second')
    const socket = await openLive(`/api/users/${user.id}/live`, { cookie: user.cookie })
    expect(socket.events[0]).toEqual({ type: 'ready', user_id: user.id })
    await user.call('DELETE', `/api/users/${user.id}/projects/${project.id}/chats`, { json: { chat_ids: [chat.id, second.id] } })
    await socket.waitFor(event => event.type === 'chat.deleted' && event.chat_id === second.id)
    expect(socket.events.filter(event => event.type === 'chat.deleted')).toEqual([{ type: 'chat.deleted', chat_id: chat.id }, { type: 'chat.deleted', chat_id: second.id }])
    await socket.close()
  })

  it('gets chat.created for a chat made in one of the user\'s projects, with its row and projects; another user hears nothing', async () => {
    const [user, stranger] = await Promise.all([signUp(), signUp()])
    const project = await createProject(user)
    const socket = await openLive(`/api/users/${user.id}/live`, { cookie: user.cookie })
    const theirs = await openLive(`/api/users/${stranger.id}/live`, { cookie: stranger.cookie })
    const chat = await createChat(user, project.id, 'Made elsewhere', 'google/gemma-2-27b-it')
    const created = await socket.waitFor(event => event.type === 'chat.created')
    expect(created).toEqual({
      type: 'chat.created',
      chat: { id: chat.id, neptun_user_id: user.id, name: 'Made elsewhere', model: 'google/gemma-2-27b-it', created_at: chat.created_at, updated_at: chat.updated_at, kept: false },
      project_ids: [project.id],
    })
    // The stranger's socket got its ready and nothing about this chat (a ping's pong marks the end).
    theirs.send(JSON.stringify({ type: 'ping' }))
    await theirs.waitFor(event => event.type === 'pong')
    expect(theirs.events.map(event => event.type)).toEqual(['ready', 'pong'])
    await socket.close()
    await theirs.close()
  })

  it('gets chat.updated with the new updated_at when messages are added and when the last exchange is trimmed', async () => {
    const { user, project, chat } = await userWithChat()
    const socket = await openLive(`/api/users/${user.id}/live`, { cookie: user.cookie })
    await addMessages(user, chat.id, ['user', 'assistant'])
    const afterAdd = (await user.call('GET', `/api/users/${user.id}/chats/${chat.id}`)).body.chat
    const added = await socket.waitFor(event => event.type === 'chat.updated')
    expect(added).toEqual({ type: 'chat.updated', chat: { id: chat.id, neptun_user_id: user.id, name: chat.name, model: chat.model, created_at: chat.created_at, updated_at: afterAdd.updated_at, kept: false }, project_ids: [project.id] })
    expect(Date.parse(afterAdd.updated_at)).toBeGreaterThanOrEqual(Date.parse(chat.updated_at))
    expect((await user.call('DELETE', `/api/users/${user.id}/chats/${chat.id}/messages/last`)).status).toBe(200)
    const afterTrim = (await user.call('GET', `/api/users/${user.id}/chats/${chat.id}`)).body.chat
    await socket.waitFor(event => event.type === 'chat.updated' && (event.chat as { updated_at: string }).updated_at === afterTrim.updated_at)
    expect(socket.events.filter(event => event.type === 'chat.updated')).toHaveLength(2)
    await socket.close()
  })

  it('gets chat.updated with the new name and keep when the chat is renamed or kept; a refused change sends nothing', async () => {
    const { user, project, chat } = await userWithChat()
    const other = await createProject(user)
    const socket = await openLive(`/api/users/${user.id}/live`, { cookie: user.cookie })
    const path = `/api/users/${user.id}/projects/${project.id}/chats/${chat.id}`
    expect((await user.call('PATCH', `/api/users/${user.id}/projects/${other.id}/chats/${chat.id}`, { json: { name: 'Not here' } })).status).toBe(404)
    expect((await user.call('PATCH', path, { json: { name: 'Renamed' } })).status).toBe(200)
    const renamed = await socket.waitFor(event => event.type === 'chat.updated')
    expect(renamed).toMatchObject({ type: 'chat.updated', chat: { id: chat.id, name: 'Renamed', kept: false }, project_ids: [project.id] })
    expect((await user.call('PATCH', path, { json: { kept: true } })).status).toBe(200)
    await socket.waitFor(event => event.type === 'chat.updated' && (event.chat as { kept: boolean }).kept)
    expect(socket.events.filter(event => event.type === 'chat.updated')).toHaveLength(2)
    await socket.close()
  })

  it('401 for another user\'s stream or none; 403 cross-site', async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()])
    expect((await connectLive(`/api/users/${bob.id}/live`, { cookie: alice.cookie })).status).toBe(401)
    expect((await connectLive(`/api/users/${alice.id}/live`)).status).toBe(401)
    expect((await connectLive(`/api/users/abc/live`, { cookie: alice.cookie })).status).toBe(401)
    expect((await connectLive(`/api/users/${alice.id}/live`, { cookie: alice.cookie, origin: 'https://evil.example' })).status).toBe(403)
  })
})

describe('GET /api/v1/chats/{chat_id}/live with X-API-Key', () => {
  it('101 with the owner\'s key (the cookie is not needed, and Origin does not matter)', async () => {
    const { user, chat } = await userWithChat()
    const { key } = await createApiKey(user)
    const socket = await openLive(livePath(chat.uuid), { apiKey: key, origin: 'https://integration.example' })
    expect(socket.events[0]).toEqual({ type: 'ready', chat_id: chat.uuid })
    await socket.close()
  })

  it('401 for a malformed, unknown or revoked key, even with a valid cookie beside it', async () => {
    const { user, chat } = await userWithChat()
    const { key, apiKey } = await createApiKey(user)
    expect((await user.call('DELETE', `/api/users/${user.id}/api-keys/${apiKey.id}`)).status).toBe(204)
    for (const bad of ['', 'nk_short', `nk_${'A'.repeat(43)}`, key]) {
      const handshake = await connectLive(livePath(chat.uuid), { apiKey: bad, cookie: user.cookie })
      expect(handshake.status, bad).toBe(401)
      expect('body' in handshake && handshake.body).toEqual({ statusCode: 401, statusMessage: 'Unauthorized', message: 'Invalid or missing API key' })
    }
  })

  it('404 for another account\'s chat (the tenant boundary)', async () => {
    const { chat } = await userWithChat()
    const stranger = await signUp()
    const { key } = await createApiKey(stranger)
    const handshake = await connectLive(livePath(chat.uuid), { apiKey: key })
    expect(handshake.status).toBe(404)
    expect('body' in handshake && handshake.body).toEqual({ statusCode: 404, statusMessage: 'Not Found', message: 'Chat not found' })
  })
})

describe('DELETE /api/v1/chats/{chat_id} while the chat is live', () => {
  it('409 with active_connections and Retry-After while sockets are open; nothing is deleted', async () => {
    const { user, chat } = await userWithChat()
    await addMessages(user, chat.id, ['user', 'assistant'])
    const { key } = await createApiKey(user)
    const sockets = [await openLive(livePath(chat.uuid), { apiKey: key }), await openLive(livePath(chat.uuid), { cookie: user.cookie })]
    const response = await v1(key, 'DELETE', `/chats/${chat.uuid}`)
    expect(response.status).toBe(409)
    expect(response.text).toBe('{"statusCode":409,"statusMessage":"Conflict","message":"Chat has active connections","data":{"active_connections":2}}')
    expect(response.headers.get('retry-after')).toBe('30')
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect((await v1(key, 'GET', `/chats/${chat.uuid}`)).body.chat.message_count).toBe(2)
    expect(sockets.every(socket => socket.isOpen())).toBe(true)

    // One closes: still 409, with the new count; both closed: 200.
    await sockets[0]!.close()
    await expect.poll(async () => (await v1(key, 'DELETE', `/chats/${chat.uuid}`)).body?.data?.active_connections).toBe(1)
    await sockets[1]!.close()
    await expect.poll(async () => (await v1(key, 'DELETE', `/chats/${chat.uuid}`)).status).toBe(200)
    expect((await v1(key, 'GET', `/chats/${chat.uuid}`)).status).toBe(404)
  })

  it('200 sockets closing at once leave no presence behind: the next delete is not refused', async () => {
    const { user, chat } = await userWithChat()
    const { key } = await createApiKey(user)
    const sockets: LiveSocket[] = []
    for (let i = 0; i < 10; i++) sockets.push(...await Promise.all(Array.from({ length: 20 }, () => openLive(livePath(chat.uuid), { cookie: user.cookie }))))
    expect((await v1(key, 'DELETE', `/chats/${chat.uuid}`)).body?.data?.active_connections).toBe(200)
    await Promise.all(sockets.map(socket => socket.close()))
    // Their rows go in a few statements, well within the poll (the presence TTL, 30 s, would be too late).
    await expect.poll(async () => (await v1(key, 'DELETE', `/chats/${chat.uuid}`)).status).toBe(200)
  })

  it('?force=true closes the sockets (chat.deleted, then 4004) and deletes', async () => {
    const { user, chat } = await userWithChat()
    const { key } = await createApiKey(user)
    const socket = await openLive(livePath(chat.uuid), { apiKey: key })
    const response = await v1(key, 'DELETE', `/chats/${chat.uuid}?force=true`)
    expect(response.status).toBe(200)
    expect(response.body).toEqual({ success: true, message: 'Chat deleted successfully', deleted_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) })
    expect(await socket.waitFor(event => event.type === 'chat.deleted')).toEqual({ type: 'chat.deleted', chat_id: chat.uuid })
    expect((await socket.closed).code).toBe(4004)
    expect((await v1(key, 'GET', `/chats/${chat.uuid}`)).status).toBe(404)
  })

  it('?force=false is the default; any other force value is a 400', async () => {
    const { user, chat } = await userWithChat()
    const { key } = await createApiKey(user)
    const socket = await openLive(livePath(chat.uuid), { apiKey: key })
    expect((await v1(key, 'DELETE', `/chats/${chat.uuid}?force=false`)).status).toBe(409)
    for (const value of ['1', 'yes', 'TRUE', '']) {
      const response = await v1(key, 'DELETE', `/chats/${chat.uuid}?force=${value}`)
      expect(response.status, value).toBe(400)
      expect(response.text).toBe('{"statusCode":400,"statusMessage":"Bad Request","message":"Invalid force"}')
    }
    expect(socket.isOpen()).toBe(true)
    await socket.close()
  })

  it('a v1 delete without sockets also tells the user stream', async () => {
    const { user, chat } = await userWithChat()
    const { key } = await createApiKey(user)
    const stream = await openLive(`/api/users/${user.id}/live`, { cookie: user.cookie })
    expect((await v1(key, 'DELETE', `/chats/${chat.uuid}`)).status).toBe(200)
    expect(await stream.waitFor(event => event.type === 'chat.deleted')).toEqual({ type: 'chat.deleted', chat_id: chat.id })
    await stream.close()
  })
})

describe('revocation closes the sockets it affects (4001), and only those', () => {
  /** The close of a socket, and how long after `since` it came. */
  async function closedAfter(socket: LiveSocket, since: number) {
    const closed = await socket.closed
    return { ...closed, ms: performance.now() - since }
  }

  it('revoking an API key closes the sockets opened with it within 1 s; another key\'s and the cookie\'s stay open', async () => {
    const { user, chat } = await userWithChat()
    const [revoked, kept] = [await createApiKey(user, 'revoked'), await createApiKey(user, 'kept')]
    const doomed = await Promise.all([openLive(livePath(chat.uuid), { apiKey: revoked.key }), openLive(livePath(chat.uuid), { apiKey: revoked.key })])
    const others = [await openLive(livePath(chat.uuid), { apiKey: kept.key }), await openLive(livePath(chat.uuid), { cookie: user.cookie })]
    const response = await user.call('DELETE', `/api/users/${user.id}/api-keys/${revoked.apiKey.id}`)
    expect(response.status).toBe(204)
    const answered = performance.now()
    for (const socket of doomed) {
      const closed = await closedAfter(socket, answered)
      expect({ code: closed.code, reason: closed.reason }).toEqual({ code: 4001, reason: 'API key revoked' })
      expect(closed.ms).toBeLessThan(1000)
    }
    // The others still get events.
    await addMessages(user, chat.id, ['user'])
    for (const socket of others) {
      await socket.waitFor(event => event.type === 'message.created')
      expect(socket.isOpen()).toBe(true)
    }
    // And the revoked key opens nothing any more.
    expect((await connectLive(livePath(chat.uuid), { apiKey: revoked.key })).status).toBe(401)
    await Promise.all(others.map(socket => socket.close()))
  })

  it('signing out closes every cookie socket of the account (chat and user streams, every device) within 1 s; API-key sockets stay open', async () => {
    const { user, chat } = await userWithChat()
    const otherDevice = await signIn(user)
    const { key } = await createApiKey(user)
    const doomed = [
      await openLive(livePath(chat.uuid), { cookie: user.cookie }),
      await openLive(livePath(chat.uuid), { cookie: otherDevice }),
      await openLive(`/api/users/${user.id}/live`, { cookie: user.cookie }),
    ]
    const integration = await openLive(livePath(chat.uuid), { apiKey: key })
    const stranger = await userWithChat()
    const strangers = await openLive(livePath(stranger.chat.uuid), { cookie: stranger.user.cookie })
    expect((await user.call('POST', '/api/auth/logout')).status).toBe(204)
    const answered = performance.now()
    for (const socket of doomed) {
      const closed = await closedAfter(socket, answered)
      expect({ code: closed.code, reason: closed.reason }).toEqual({ code: 4001, reason: 'Session ended' })
      expect(closed.ms).toBeLessThan(1000)
    }
    await addMessages(stranger.user, stranger.chat.id, ['user'])
    await strangers.waitFor(event => event.type === 'message.created')
    expect(integration.isOpen()).toBe(true)
    expect(strangers.isOpen()).toBe(true)
    await Promise.all([integration.close(), strangers.close()])
  })

  it('a password change closes the sockets of the older sessions, this request\'s own old cookie included; its new cookie opens one that stays', async () => {
    const { user, chat } = await userWithChat()
    const old = await openLive(livePath(chat.uuid), { cookie: user.cookie })
    const changed = await user.call('POST', `/api/users/${user.id}/password`, { json: { current_password: user.password, new_password: 'a brand new password' } })
    expect(changed.status).toBe(200)
    const answered = performance.now()
    const closed = await closedAfter(old, answered)
    expect({ code: closed.code, reason: closed.reason }).toEqual({ code: 4001, reason: 'Session ended' })
    expect(closed.ms).toBeLessThan(1000)
    const renewed = await openLive(livePath(chat.uuid), { cookie: sessionCookieOf(changed) })
    const renewedUser: TestUser = { ...user, call: (method, path, options = {}) => request(method, path, { ...options, cookie: sessionCookieOf(changed) }) }
    await addMessages(renewedUser, chat.id, ['user'])
    await renewed.waitFor(event => event.type === 'message.created')
    expect(renewed.isOpen()).toBe(true)
    await renewed.close()
  })

  it('a revoked key can race its own sockets\' handshakes: every socket that opened is closed, 20 times', async () => {
    const { user, chat } = await userWithChat()
    const outcomes = new Map<string, number>()
    for (let round = 0; round < 20; round++) {
      const { key, apiKey } = await createApiKey(user, `race ${round}`)
      const [revoked, ...handshakes] = await Promise.all([
        user.call('DELETE', `/api/users/${user.id}/api-keys/${apiKey.id}`),
        ...Array.from({ length: 3 }, () => connectLive(livePath(chat.uuid), { apiKey: key })),
      ])
      expect(revoked.status).toBe(204)
      for (const handshake of handshakes) {
        expect([101, 401]).toContain(handshake.status)
        let outcome = String(handshake.status)
        if ('socket' in handshake) {
          expect((await handshake.socket.closed).code).toBe(4001)
          // Closed before its ready frame: the revocation was heard while its handshake ran.
          outcome += handshake.socket.events.some(event => event.type === 'ready') ? ' then 4001' : ' then 4001 at once'
        }
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1)
      }
    }
    console.info(`[race] key revocations: handshakes ${JSON.stringify(Object.fromEntries(outcomes))}`)
  })
})
