import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBuiltServer, type RunningServer } from '../../scripts/built-server'
import { request, signUp } from '../helpers/client'
import { createChat, createProject } from '../helpers/fixtures'
import { waitForOutput } from '../helpers/server-output'
import { createThrowawayDatabase, type ThrowawayDatabase } from '../helpers/throwaway-postgres'
import { TEST_SESSION_PASSWORD } from '../setup/test-env'

// SIGTERM as an orchestrator sends it on a deploy: the request in flight must finish and be
// answered, new connections are refused, the pool closes, and the process exits 0. A row lock
// held by the test keeps the request in flight for as long as the test needs, without sleeps.

let database: ThrowawayDatabase
let server: RunningServer

beforeAll(async () => {
  database = await createThrowawayDatabase('shutdown')
  server = await startBuiltServer({ NUXT_SESSION_PASSWORD: TEST_SESSION_PASSWORD, DATABASE_URL: database.url, DATABASE_LISTEN_URL: database.listenUrl, NEPTUN_AUTH_RATE_LIMIT: '1000000' }, { echoErrors: false })
})

afterAll(async () => {
  await server?.stop()
  await database?.drop()
})

/** Waits until a statement of the server is blocked on a lock (it is then certainly in flight). */
async function waitForLockWait(): Promise<void> {
  for (;;) {
    const { rows } = await database.pool.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)
    if (rows[0].n > 0) return
  }
}

describe('SIGTERM', () => {
  it('stops accepting, finishes the request in flight, closes the pool and exits 0', async () => {
    const user = await signUp({ server: server.baseURL })
    const project = await createProject(user)
    const chat = await createChat(user, project.id)

    const locker = await database.pool.connect()
    await locker.query('BEGIN')
    await locker.query('SELECT id FROM chat_conversation WHERE id = $1 FOR UPDATE', [chat.id])
    const inFlight = user.call('DELETE', `/api/users/${user.id}/projects/${project.id}/chats/${chat.id}`)
    await waitForLockWait()

    server.child.kill('SIGTERM')
    await waitForOutput(server, '[neptun] SIGTERM: no longer accepting connections')
    await expect(request('GET', '/api/auth/session', { baseURL: server.baseURL })).rejects.toThrow()
    expect(server.child.exitCode).toBeNull()

    await locker.query('COMMIT')
    locker.release()
    const answer = await inFlight
    expect(answer.status).toBe(200)
    expect(answer.body).toBe(true)

    expect(await server.exited).toEqual({ code: 0, signal: null })
    expect(server.output()).toContain('[neptun] database closed')
    const { rows } = await database.pool.query('SELECT count(*)::int AS n FROM chat_conversation WHERE id = $1', [chat.id])
    expect(rows[0].n).toBe(0)
  })
})
