import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { migrateDatabase, openDatabase, type OpenDatabase } from '#server/database/client'
import { LISTENER_APPLICATION_NAME } from '#server/live/listener'
import { countLiveConnections } from '#server/live/presence'
import { startBuiltServer, type RunningServer } from '../../scripts/built-server'
import { request, sessionCookieOf, signUp, type TestUser } from '../helpers/client'
import { addMessages, createApiKey, createChat, createProject, v1 } from '../helpers/fixtures'
import { connectLive, openLive, type LiveHandshake, type LiveSocket } from '../helpers/live'
import { pollUntil } from '../helpers/poll'
import { TEST_SESSION_PASSWORD } from '../setup/test-env'
import { createThrowawayDatabase, type ThrowawayDatabase } from '../helpers/throwaway-postgres'

// Two (sometimes three) built servers on one real Postgres, as behind a load balancer. They run
// whatever database the rest of the suite uses: PGlite cannot be shared between processes.

const TTL_SECONDS = 5
let database: ThrowawayDatabase
/** The data layer on it, for presence counts and checks. */
let data: OpenDatabase
let a: RunningServer
let b: RunningServer

function startInstance(): Promise<RunningServer> {
  return startBuiltServer({
    NUXT_SESSION_PASSWORD: TEST_SESSION_PASSWORD,
    DATABASE_URL: database.url,
    DATABASE_LISTEN_URL: database.listenUrl,
    LIVE_PRESENCE_TTL_SECONDS: String(TTL_SECONDS),
    // The tests sign many users up from one address.
    NEPTUN_AUTH_RATE_LIMIT: '1000000',
  })
}

beforeAll(async () => {
  database = await createThrowawayDatabase('live')
  data = await openDatabase({ databaseUrl: database.url })
  // Migrated before the instances start, so they do not race to create the schema.
  await migrateDatabase(data, resolve(import.meta.dirname, '../../drizzle'))
  ;[a, b] = await Promise.all([startInstance(), startInstance()])
}, 120_000)

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()])
  await data?.close()
  await database?.drop()
})

async function userWithChatOn(server: RunningServer) {
  const user = await signUp({ server: server.baseURL })
  const project = await createProject(user)
  const chat = await createChat(user, project.id)
  const { key } = await createApiKey(user)
  return { user, project, chat, key }
}

/** DELETE /api/v1/chats/{uuid} on this instance. */
function v1Delete(server: RunningServer, key: string, uuid: string, query = '') {
  return v1(key, 'DELETE', `/chats/${uuid}${query}`, { baseURL: server.baseURL })
}

const livePath = (uuid: string) => `/api/v1/chats/${uuid}/live`
const liveCount = (chatId: number) => countLiveConnections(data.db, chatId, TTL_SECONDS)

function follow(user: TestUser, uuid: string, server: RunningServer) {
  return openLive(livePath(uuid), { cookie: user.cookie, at: server.baseURL })
}

describe('live connections across instances', () => {
  it('a trim on A reaches a socket on B as messages.deleted; a message added on A as message.created', async () => {
    const { user, chat } = await userWithChatOn(a)
    const messages = await addMessages(user, chat.id, ['user', 'assistant'])
    const socket = await follow(user, chat.uuid, b)
    const trim = await user.call('DELETE', `/api/users/${user.id}/chats/${chat.id}/messages/last`)
    expect(trim.status).toBe(200)
    expect(await socket.waitFor(event => event.type === 'messages.deleted'))
      .toEqual({ type: 'messages.deleted', chat_id: chat.uuid, message_ids: messages.map(m => m.id) })
    const [added] = await addMessages(user, chat.id, [{ actor: 'user', message: 'from A' }])
    expect(await socket.waitFor(event => event.type === 'message.created'))
      .toMatchObject({ type: 'message.created', chat_id: chat.uuid, message: { id: added!.id, message: 'from A' } })
    await socket.close()
  })

  it('a cookie-route delete on B closes a socket on A with chat.deleted and 4004', async () => {
    const { user, project, chat } = await userWithChatOn(a)
    const socket = await follow(user, chat.uuid, a)
    const response = await user.call('DELETE', `/api/users/${user.id}/projects/${project.id}/chats/${chat.id}`, { baseURL: b.baseURL })
    expect(response.status).toBe(200)
    expect(await socket.waitFor(event => event.type === 'chat.deleted')).toEqual({ type: 'chat.deleted', chat_id: chat.uuid })
    expect((await socket.closed).code).toBe(4004)
  })

  it('a socket on A makes a v1 DELETE on B answer 409; force=true on B closes the socket on A with 4004', async () => {
    const { chat, key } = await userWithChatOn(a)
    const socket = await openLive(livePath(chat.uuid), { apiKey: key, at: a.baseURL })
    const refused = await v1Delete(b, key, chat.uuid)
    expect(refused.status).toBe(409)
    expect(refused.body).toEqual({ statusCode: 409, statusMessage: 'Conflict', message: 'Chat has active connections', data: { active_connections: 1 } })
    expect(refused.headers.get('retry-after')).toBe(String(TTL_SECONDS))
    expect(socket.isOpen()).toBe(true)
    const forced = await v1Delete(b, key, chat.uuid, '?force=true')
    expect(forced.status).toBe(200)
    expect(await socket.waitFor(event => event.type === 'chat.deleted')).toEqual({ type: 'chat.deleted', chat_id: chat.uuid })
    expect((await socket.closed).code).toBe(4004)
    expect(await liveCount(chat.id)).toBe(0)
  })

  it('revocation reaches every instance within 1 s: a key revoked on B, a sign-out on A, a password change on B (4001)', async () => {
    const { user, chat, key } = await userWithChatOn(a)
    const { key: otherKey, apiKey: otherKeyRow } = await createApiKey(user, 'second')
    const since = () => performance.now()
    const delays: string[] = []
    const expectClosed = async (sockets: LiveSocket[], reason: string, answered: number) => {
      for (const socket of sockets) {
        const closed = await socket.closed
        expect({ code: closed.code, reason: closed.reason }).toEqual({ code: 4001, reason })
        const ms = performance.now() - answered
        expect(ms, `closed ${reason}`).toBeLessThan(1000)
        delays.push(ms.toFixed(1))
      }
    }

    // A key's sockets on A and on B; the other key's socket stays.
    const byKey = [await openLive(livePath(chat.uuid), { apiKey: otherKey, at: a.baseURL }), await openLive(livePath(chat.uuid), { apiKey: otherKey, at: b.baseURL })]
    const keyKept = await openLive(livePath(chat.uuid), { apiKey: key, at: a.baseURL })
    expect((await user.call('DELETE', `/api/users/${user.id}/api-keys/${otherKeyRow.id}`, { baseURL: b.baseURL })).status).toBe(204)
    await expectClosed(byKey, 'API key revoked', since())

    // The cookie's sockets (chat and user streams) on both instances; sign-out on A.
    const byCookie = [follow(user, chat.uuid, a), follow(user, chat.uuid, b), openLive(`/api/users/${user.id}/live`, { cookie: user.cookie, at: b.baseURL })]
    const cookieSockets = await Promise.all(byCookie)
    expect((await user.call('POST', '/api/auth/logout', { baseURL: a.baseURL })).status).toBe(204)
    await expectClosed(cookieSockets, 'Session ended', since())

    // Signed in again; a password change on B closes the socket on A opened with that session.
    const login = await request('POST', '/api/auth/login', { json: { email: user.email, password: user.password }, baseURL: a.baseURL })
    const again = sessionCookieOf(login)
    const onA = await openLive(livePath(chat.uuid), { cookie: again, at: a.baseURL })
    const changed = await request('POST', `/api/users/${user.id}/password`, { cookie: again, baseURL: b.baseURL, json: { current_password: user.password, new_password: 'another new password' } })
    expect(changed.status).toBe(200)
    await expectClosed([onA], 'Session ended', since())

    // Through all of it, the remaining key's socket stayed open and still receives.
    const renewed: TestUser = { ...user, call: (method, path, options = {}) => request(method, path, { baseURL: b.baseURL, ...options, cookie: sessionCookieOf(changed) }) }
    await addMessages(renewed, chat.id, ['user'])
    await keyKept.waitFor(event => event.type === 'message.created')
    expect(keyKept.isOpen()).toBe(true)
    await keyKept.close()
    console.info(`[figures] revocation answered → socket closed (ms, across instances): ${delays.join(', ')}`)
  })

  it('a key revoked while the listeners were away (its notice lost): the sockets close when they reconnect', async () => {
    const { user, chat } = await userWithChatOn(a)
    const { key, apiKey } = await createApiKey(user, 'gap')
    const sockets = [await openLive(livePath(chat.uuid), { apiKey: key, at: a.baseURL }), await openLive(livePath(chat.uuid), { apiKey: key, at: b.baseURL })]
    // The key is revoked straight in the database, with no notice (as if it were lost while the
    // listeners were away): nothing tells the instances yet…
    await data.db.execute(sql`UPDATE neptun_api_key SET revoked_at = now() WHERE id = ${apiKey.id}`)
    expect(sockets.every(socket => socket.isOpen())).toBe(true)
    // …until their listeners drop and reconnect: the check after a gap finds it.
    await data.db.execute(sql`
      SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE application_name = ${LISTENER_APPLICATION_NAME} AND datname = current_database()`)
    for (const socket of sockets) expect(await socket.closed).toEqual({ code: 4001, reason: 'API key revoked' })
  })

  it('presence is shared: sockets on A and on B both count, and a closed one stops counting at once', async () => {
    const { user, chat } = await userWithChatOn(a)
    const onA = await follow(user, chat.uuid, a)
    const onB = await follow(user, chat.uuid, b)
    expect(await liveCount(chat.id)).toBe(2)
    await onA.close()
    await pollUntil(() => liveCount(chat.id), count => count === 1, 'live connections after one closed')
    await onB.close()
    await pollUntil(() => liveCount(chat.id), count => count === 0, 'live connections after both closed')
  })

  it('an instance stopped gracefully (SIGTERM) closes its sockets with 1001 and removes its rows before it exits', async () => {
    const leaving = await startInstance()
    const { user, chat } = await userWithChatOn(a)
    const socket = await follow(user, chat.uuid, leaving)
    expect(await liveCount(chat.id)).toBe(1)
    await leaving.stop()
    expect((await socket.closed).code).toBe(1001)
    expect(await liveCount(chat.id)).toBe(0)
  })

  it('an instance killed without closing its sockets stops counting after the TTL, and its rows are pruned', async () => {
    const doomed = await startInstance()
    const { user, chat, key } = await userWithChatOn(a)
    const socket = await follow(user, chat.uuid, doomed)
    doomed.child.kill('SIGKILL')
    await doomed.exited
    await socket.closed
    // The row outlives its process: nothing told Postgres the socket is gone…
    const rows = () => data.db.execute(sql`SELECT count(*)::int AS n FROM live_connection WHERE chat_conversation_id = ${chat.id}`)
      .then(result => Number((result as unknown as { rows: { n: number }[] }).rows[0]!.n))
    expect(await rows()).toBe(1)
    // …so a v1 delete is refused while it is fresh…
    expect((await v1Delete(a, key, chat.uuid)).status).toBe(409)
    // …until its heartbeat is older than the TTL: it no longer counts, and A or B prunes it.
    await pollUntil(() => liveCount(chat.id), count => count === 0, 'live connections of a killed instance', TTL_SECONDS * 1000 + 15_000)
    await pollUntil(rows, count => count === 0, 'presence rows of a killed instance', TTL_SECONDS * 1000 + 15_000)
    expect((await v1Delete(b, key, chat.uuid)).status).toBe(200)
  })

  it('a client that vanished without closing (answers no ping) is cut within two heartbeats, and stops counting', async () => {
    const { user, chat } = await userWithChatOn(a)
    const silent = await openLive(livePath(chat.uuid), { cookie: user.cookie, at: a.baseURL, autoPong: false })
    expect(await liveCount(chat.id)).toBe(1)
    expect((await silent.closed).code).toBe(1006)
    await pollUntil(() => liveCount(chat.id), count => count === 0, 'live connections after the cut')
  })

  it('a lost listener connection reconnects: sockets get resync, and later events still arrive', async () => {
    const { user, chat } = await userWithChatOn(a)
    const sockets = [await follow(user, chat.uuid, a), await follow(user, chat.uuid, b)]
    // Both instances' listeners drop (as in a Postgres restart or a network cut).
    await data.db.execute(sql`
      SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE application_name = ${LISTENER_APPLICATION_NAME} AND datname = current_database()`)
    for (const socket of sockets) await socket.waitFor(event => event.type === 'resync', 'resync after the listener reconnected')
    await addMessages(user, chat.id, ['user'])
    for (const socket of sockets) await socket.waitFor(event => event.type === 'message.created')
    await Promise.all(sockets.map(socket => socket.close()))
  })

  it('the race: sockets opening on A and B while cookie-route deletes run, 25 times — never a 500, never a socket left open on a deleted chat', async () => {
    const user = await signUp({ server: a.baseURL })
    const project = await createProject(user)
    const statuses = new Map<number, number>()
    for (let round = 0; round < 25; round++) {
      const chat = await createChat(user, project.id, `race ${round}`)
      const servers = [a, b, a, b]
      const [deleted, ...handshakes] = await Promise.all([
        user.call('DELETE', `/api/users/${user.id}/projects/${project.id}/chats/${chat.id}`, { baseURL: (round % 2 ? a : b).baseURL }),
        ...servers.map(server => connectLive(livePath(chat.uuid), { cookie: user.cookie, at: server.baseURL })),
      ]) as [Awaited<ReturnType<TestUser['call']>>, ...LiveHandshake[]]
      expect(deleted.status).toBe(200)
      for (const handshake of handshakes) {
        statuses.set(handshake.status, (statuses.get(handshake.status) ?? 0) + 1)
        expect([101, 404]).toContain(handshake.status)
        // A socket that opened before the delete committed is told and closed.
        if ('socket' in handshake) expect((await handshake.socket.closed).code).toBe(4004)
      }
      expect(await liveCount(chat.id)).toBe(0)
    }
    console.info(`[race] cookie deletes: handshake statuses ${JSON.stringify(Object.fromEntries(statuses))}`)
  })

  it('figures: a trim sent to A — its answer, and its event on B; a handshake on B (printed, not asserted)', async () => {
    const { user, chat } = await userWithChatOn(a)
    const socket = await follow(user, chat.uuid, b)
    const delays: number[] = []
    const answers: number[] = []
    for (let i = 0; i < 30; i++) {
      await addMessages(user, chat.id, ['user'])
      await socket.waitFor(event => event.type === 'message.created' && socket.events.filter(e => e.type === 'message.created').length === i + 1)
      const sent = performance.now()
      const seen = socket.waitFor(event => event.type === 'messages.deleted' && socket.events.filter(e => e.type === 'messages.deleted').length === i + 1)
        .then(() => performance.now() - sent)
      await user.call('DELETE', `/api/users/${user.id}/chats/${chat.id}/messages/last`)
      answers.push(performance.now() - sent)
      delays.push(await seen)
    }
    const handshakes: number[] = []
    for (let i = 0; i < 20; i++) {
      const started = performance.now()
      const extra = await follow(user, chat.uuid, b)
      handshakes.push(performance.now() - started)
      await extra.close()
    }
    await socket.close()
    const pct = (values: number[], p: number) => [...values].sort((x, y) => x - y)[Math.min(values.length - 1, Math.floor(values.length * p))]!.toFixed(1)
    console.info(`[figures] trim sent to A → answer: p50 ${pct(answers, 0.5)} ms, p95 ${pct(answers, 0.95)} ms; → messages.deleted on B: p50 ${pct(delays, 0.5)} ms, p95 ${pct(delays, 0.95)} ms (n=${delays.length}); handshake to ready on B: p50 ${pct(handshakes, 0.5)} ms, p95 ${pct(handshakes, 0.95)} ms (n=${handshakes.length})`)
    expect(delays).toHaveLength(30)
  })

  it('the race: sockets opening on A and B while v1 deletes run on both, 25 times — 200 or 409, never a 500, never a socket open on a deleted chat', async () => {
    const { user, project, key } = await userWithChatOn(a)
    const outcomes = new Map<string, number>()
    for (let round = 0; round < 25; round++) {
      const chat = await createChat(user, project.id, `v1 race ${round}`)
      const force = round % 5 === 4 ? '?force=true' : ''
      const [deleted, ...handshakes] = await Promise.all([
        v1Delete(round % 2 ? a : b, key, chat.uuid, force),
        ...[a, b, b, a].map(server => connectLive(livePath(chat.uuid), { apiKey: key, at: server.baseURL })),
      ]) as [Awaited<ReturnType<typeof v1>>, ...LiveHandshake[]]
      const opened = handshakes.flatMap(handshake => 'socket' in handshake ? [handshake.socket] : [])
      const outcome = `${deleted.status}${force ? ' (force)' : ''} with ${opened.length} open`
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1)
      for (const handshake of handshakes) expect([101, 404]).toContain(handshake.status)
      if (deleted.status === 409) {
        // Refused: the chat is there, and each counted connection was a socket that opened.
        expect(force).toBe('')
        expect(deleted.body.data.active_connections).toBeGreaterThanOrEqual(1)
        expect(deleted.body.data.active_connections).toBeLessThanOrEqual(opened.length)
        expect((await v1(key, 'GET', `/chats/${chat.uuid}`, { baseURL: a.baseURL })).status).toBe(200)
        expect(opened.every(socket => socket.isOpen())).toBe(true)
        await Promise.all(opened.map(socket => socket.close()))
        // Closed sockets stop counting at once: the delete goes through now.
        await pollUntil(() => v1Delete(a, key, chat.uuid).then(r => r.status), status => status === 200, 'v1 delete after the sockets closed')
      }
      else {
        expect(deleted.status).toBe(200)
        // Deleted: every socket that opened hears it and closes.
        for (const socket of opened) expect((await socket.closed).code).toBe(4004)
      }
      expect(await liveCount(chat.id)).toBe(0)
    }
    console.info(`[race] v1 deletes: ${JSON.stringify(Object.fromEntries(outcomes))}`)
  })
})
