import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningServer } from '../../scripts/built-server'
import { request, sessionCookieOf, signUp, type TestUser } from '../helpers/client'
import { startOwnServer } from '../helpers/own-server'
import { pollUntil } from '../helpers/poll'
import { sealSessionCookie } from '../helpers/session-cookie'

// Sudo mode (docs/security.md, "Sudo mode"): making an API key needs the password entered within
// SUDO_WINDOW_SECONDS (default 10 minutes); sign-in, sign-up and a password change count, and so
// does the password sent with the request.

const REAUTH_REQUIRED = { statusCode: 403, statusMessage: 'Forbidden', message: 'Enter your password again to continue', data: { reason: 'reauth_required' } }
const INVALID_PASSWORD = { statusCode: 403, statusMessage: 'Forbidden', message: 'Password is incorrect', data: { reason: 'invalid_password' } }
const MINUTE = 60_000

/** A copy of the user's session cookie, as a thief would hold it: sealed with the server's password, its password entry `ago` ms back. */
function stolenCookie(user: TestUser, ago: number | undefined) {
  return sealSessionCookie({ user: { id: user.id, primary_email: user.email }, sessionVersion: 1, passwordAt: ago === undefined ? undefined : Date.now() - ago })
}

function createKey(user: TestUser, cookie: string, body: Record<string, unknown> = {}, baseURL?: string) {
  return request('POST', `/api/users/${user.id}/api-keys`, { cookie, json: { name: 'sudo', ...body }, baseURL })
}

async function keyCount(user: TestUser, baseURL?: string) {
  const response = await request('GET', `/api/users/${user.id}/api-keys`, { cookie: user.cookie, baseURL })
  expect(response.status).toBe(200)
  return response.body.api_keys.length as number
}

describe('sudo mode for making API keys', () => {
  it('a session whose password entry is older than 10 minutes, or unrecorded, cannot make a key without the password', async () => {
    const user = await signUp()
    for (const cookie of [await stolenCookie(user, 11 * MINUTE), await stolenCookie(user, undefined)]) {
      const refused = await createKey(user, cookie)
      expect(refused.status).toBe(403)
      expect(refused.body).toEqual(REAUTH_REQUIRED)
      // The cookie itself still works for everything else.
      expect((await request('GET', `/api/users/${user.id}/api-keys`, { cookie })).status).toBe(200)
    }
    expect(await keyCount(user)).toBe(0)
    expect((await createKey(user, await stolenCookie(user, 9 * MINUTE))).status).toBe(201)
    expect(await keyCount(user)).toBe(1)
  })

  it('a wrong password is refused and makes nothing; the right one makes the key and renews the session\'s entry', async () => {
    const user = await signUp()
    const stolen = await stolenCookie(user, 11 * MINUTE)
    const wrong = await createKey(user, stolen, { password: 'not the password' })
    expect(wrong.status).toBe(403)
    expect(wrong.body).toEqual(INVALID_PASSWORD)
    expect(await keyCount(user)).toBe(0)
    for (const password of ['', 42]) expect((await createKey(user, stolen, { password })).status).toBe(400)
    const right = await createKey(user, stolen, { password: user.password })
    expect(right.status, right.text).toBe(201)
    expect(right.body.key).toMatch(/^nk_/)
    // The answer re-seals the cookie with a fresh entry: the next key needs no password.
    const renewed = sessionCookieOf(right)
    expect((await createKey(user, renewed)).status).toBe(201)
    expect((await createKey(user, stolen)).status).toBe(403)
    expect(await keyCount(user)).toBe(2)
  })

  it('another user\'s password does not re-authenticate', async () => {
    const [user, other] = [await signUp(), await signUp({ password: 'a different password' })]
    const refused = await createKey(user, await stolenCookie(user, 11 * MINUTE), { password: other.password })
    expect(refused.body).toEqual(INVALID_PASSWORD)
  })
})

describe('SUDO_WINDOW_SECONDS', () => {
  let server: RunningServer
  beforeAll(async () => {
    server = await startOwnServer({ SUDO_WINDOW_SECONDS: '1' })
  })
  afterAll(() => server?.stop())

  it('once the window has passed, a real session needs the password again; signing in again counts as entering it', async () => {
    const user = await signUp({ server: server.baseURL })
    const refused = await pollUntil(() => createKey(user, user.cookie, {}, server.baseURL), answer => answer.status === 403, 'the sign-up\'s entry to lapse')
    expect(refused.body).toEqual(REAUTH_REQUIRED)
    const before = await keyCount(user, server.baseURL)
    const signIn = await request('POST', '/api/auth/login', { json: { email: user.email, password: user.password }, baseURL: server.baseURL })
    expect(signIn.status).toBe(200)
    // Made within a second of signing in, or asked for the password again: never a key without either.
    const fresh = await createKey(user, sessionCookieOf(signIn), {}, server.baseURL)
    expect([201, 403]).toContain(fresh.status)
    const withPassword = await createKey(user, user.cookie, { password: user.password }, server.baseURL)
    expect(withPassword.status).toBe(201)
    expect(await keyCount(user, server.baseURL)).toBe(before + (fresh.status === 201 ? 2 : 1))
  })
})
