import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningServer } from '../../scripts/built-server'
import { startOwnServer } from '../helpers/own-server'
import { sealSessionCookie } from '../helpers/session-cookie'
import { TEST_SESSION_PASSWORD } from '../setup/test-env'

// A server of its own whose every printed line is kept, to prove what never reaches the log.
let server: RunningServer
let log = ''

beforeAll(async () => {
  server = await startOwnServer({}, { onOutput: (text) => {
    log += text
  } })
})
afterAll(() => server?.stop())

async function call(method: string, path: string, { json, cookie }: { json?: unknown, cookie?: string } = {}) {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (json !== undefined) headers['content-type'] = 'application/json'
  if (cookie) headers.cookie = cookie
  const response = await fetch(new URL(path, server.baseURL), { method, headers, body: json === undefined ? undefined : JSON.stringify(json) })
  const text = await response.text()
  const cookieOut = response.headers.getSetCookie().find(c => c.startsWith('neptun-session='))?.split(';')[0]
  return { status: response.status, text, cookie: cookieOut }
}

describe('secrets never reach logs or error bodies', () => {
  const email = `secrets-${randomUUID()}@example.test`
  const password = `first-secret-${randomUUID()}`
  const newPassword = `second-secret-${randomUUID()}`
  const wrongPassword = `wrong-secret-${randomUUID()}`
  const secrets: string[] = [password, newPassword, wrongPassword, TEST_SESSION_PASSWORD]
  const bodies: string[] = []

  it('sign-up, failed and good sign-ins, bad cookies, a password change, a server error: no secret in any answer or log line', async () => {
    const registered = await call('POST', '/api/auth/register', { json: { email, password } })
    expect(registered.status).toBe(201)
    const cookie = registered.cookie!
    secrets.push(cookie.slice('neptun-session='.length))
    const user = JSON.parse(registered.text).user as { id: number, primary_email: string }

    const answers = [
      await call('POST', '/api/auth/login', { json: { email, password: wrongPassword } }),
      await call('POST', '/api/auth/login', { json: { email: 'not-an-email', password: wrongPassword } }),
      await call('POST', '/api/auth/register', { json: { email, password: wrongPassword } }),
      await call('POST', '/api/auth/register', { json: { email: `x${email}`, password: `${wrongPassword}\u0000` } }),
      await call('GET', '/api/auth/session', { cookie: `${cookie}x` }),
      await call('POST', `/api/users/${user.id}/password`, { cookie, json: { current_password: wrongPassword, new_password: newPassword } }),
      await call('POST', `/api/users/${user.id}/password`, { cookie, json: { current_password: password, new_password: 'short' } }),
    ]
    expect(answers.map(answer => answer.status)).toEqual([401, 400, 409, 400, 401, 400, 400])
    const changed = await call('POST', `/api/users/${user.id}/password`, { cookie, json: { current_password: password, new_password: newPassword } })
    expect(changed.status).toBe(200)
    secrets.push(changed.cookie!.slice('neptun-session='.length))
    answers.push(await call('GET', `/api/users/${user.id}/projects`, { cookie }))
    expect(answers.at(-1)!.status).toBe(401)

    // A server error, forced: only a holder of the session password can seal a cookie whose
    // session version Postgres cannot compare (out of int4 range), so the statement fails.
    const forged = await sealSessionCookie({ user, sessionVersion: 2 ** 40 })
    secrets.push(forged.slice('neptun-session='.length))
    const failed = await call('GET', `/api/users/${user.id}/projects`, { cookie: forged })
    expect(failed.status).toBe(500)
    // Production's 500: a generic message, no stack, no SQL, no cookie.
    expect(JSON.parse(failed.text)).toMatchObject({ statusCode: 500, statusMessage: 'Internal Server Error', message: 'Internal Server Error' })
    expect(failed.text).not.toMatch(/stack|at .*\.mjs|select|neptun_user|session_version/i)
    answers.push(failed)

    bodies.push(...answers.map(answer => answer.text))
    for (const body of bodies) {
      for (const secret of secrets) expect(body).not.toContain(secret)
    }
  })

  it('and nothing the server printed holds a password, a cookie or the session password', async () => {
    // The server did log the forced error (code and statement kind only): the log is being read.
    expect(log).toMatch(/database error → 500/)
    for (const secret of secrets) expect(log).not.toContain(secret)
  })
})
