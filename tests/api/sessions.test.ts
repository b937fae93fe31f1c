import { describe, expect, it } from 'vitest'
import { request, sessionCookieOf, signUp, type TestUser } from '../helpers/client'
import { sealSessionCookie } from '../helpers/session-cookie'
import { addMessages, createChat, createProject } from '../helpers/fixtures'

const NOT_SIGNED_IN = { statusCode: 401, statusMessage: 'Unauthorized', message: 'Not signed in' }
const NO_ACCESS = { statusCode: 401, statusMessage: 'Unauthorized', message: 'You do not have access to view the information.' }

/** Whether a cookie still opens the account: the session route and a data route agree. */
async function expectCookieRefused(user: TestUser, cookie: string) {
  const session = await request('GET', '/api/auth/session', { cookie })
  expect(session.status).toBe(401)
  expect(session.body).toMatchObject(NOT_SIGNED_IN)
  const projects = await request('GET', `/api/users/${user.id}/projects`, { cookie })
  expect(projects.status).toBe(401)
  expect(projects.body).toMatchObject(NO_ACCESS)
  // The pages ask nuxt-auth-utils' route; it must not show a revoked session as signed in.
  const pages = await request('GET', '/api/_auth/session', { cookie })
  expect(pages.status).toBe(401)
}

async function expectCookieWorks(user: TestUser, cookie: string) {
  const session = await request('GET', '/api/auth/session', { cookie })
  expect(session.status).toBe(200)
  expect(session.body).toEqual({ user: { id: user.id, primary_email: user.email } })
}

async function signIn(user: TestUser, password = user.password) {
  return request('POST', '/api/auth/login', { json: { email: user.email, password } })
}

describe('session cookies', () => {
  it('a cookie sealed like the server seals one opens the session (the control for the cases below)', async () => {
    const user = await signUp()
    const cookie = await sealSessionCookie({ user: { id: user.id, primary_email: user.email }, sessionVersion: 1 })
    await expectCookieWorks(user, cookie)
  })

  it('401 for a tampered cookie', async () => {
    const user = await signUp()
    const value = user.cookie.slice('neptun-session='.length)
    const middle = Math.floor(value.length / 2)
    const tampered = `neptun-session=${value.slice(0, middle)}${value[middle] === 'A' ? 'B' : 'A'}${value.slice(middle + 1)}`
    await expectCookieRefused(user, tampered)
  })

  it('401 for an expired cookie (older than its 7 days)', async () => {
    const user = await signUp()
    const createdAt = Date.now() - 8 * 24 * 60 * 60 * 1000
    await expectCookieRefused(user, await sealSessionCookie({ user: { id: user.id, primary_email: user.email }, sessionVersion: 1, createdAt }))
  })

  it('401 for a cookie sealed with another password', async () => {
    const user = await signUp()
    const password = 'another-servers-password-at-least-32-characters'
    await expectCookieRefused(user, await sealSessionCookie({ user: { id: user.id, primary_email: user.email }, sessionVersion: 1, password }))
  })

  it('401 for a cookie of a session version the account has moved past', async () => {
    const user = await signUp()
    await user.call('POST', '/api/auth/logout')
    await expectCookieRefused(user, await sealSessionCookie({ user: { id: user.id, primary_email: user.email }, sessionVersion: 1 }))
  })

  it('sign-in starts a new session: a cookie planted before it is not the one that comes back (no fixation)', async () => {
    const user = await signUp()
    const response = await request('POST', '/api/auth/login', { cookie: user.cookie, json: { email: user.email, password: user.password } })
    expect(response.status).toBe(200)
    expect(sessionCookieOf(response)).not.toBe(user.cookie)
  })
})

describe('routes that check the session version inside their own statement', () => {
  // List, count, delete one, delete many and trim fold the version check into their first statement; when
  // it finds nothing they must still tell a revoked session (401) from a missing resource (404).
  it('401 for a revoked cookie on list, count, delete one, delete many and trim; nothing is deleted; 404s stay 404s for a current one', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const chat = await createChat(user, project.id)
    await addMessages(user, chat.id, ['user', 'assistant'])
    const revoked = user.cookie
    expect((await user.call('POST', '/api/auth/logout')).status).toBe(204)
    const again = sessionCookieOf(await signIn(user))
    const chats = `/api/users/${user.id}/projects/${project.id}/chats`
    const attempts = [
      request('GET', chats, { cookie: revoked }),
      request('GET', `${chats}?limit=10`, { cookie: revoked }),
      request('GET', `${chats}/count`, { cookie: revoked }),
      request('DELETE', `${chats}/${chat.id}`, { cookie: revoked }),
      request('DELETE', chats, { cookie: revoked, json: { chat_ids: [chat.id] } }),
      request('DELETE', `/api/users/${user.id}/chats/${chat.id}/messages/last`, { cookie: revoked }),
    ]
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(401)
      expect(response.body).toMatchObject(NO_ACCESS)
    }
    const messages = await request('GET', `/api/users/${user.id}/chats/${chat.id}/messages`, { cookie: again })
    expect(messages.body.messages).toHaveLength(2)
    const list = await request('GET', chats, { cookie: again })
    expect(list.body.chats.map((c: { id: number }) => c.id)).toEqual([chat.id])
    // Missing resources with the current cookie: still 404, not 401.
    const missing = `/api/users/${user.id}/projects/2147483647/chats`
    for (const response of await Promise.all([
      request('GET', missing, { cookie: again }),
      request('GET', `${missing}/count`, { cookie: again }),
      request('DELETE', `${missing}/${chat.id}`, { cookie: again }),
      request('DELETE', missing, { cookie: again, json: { chat_ids: [chat.id] } }),
      request('DELETE', `/api/users/${user.id}/chats/2147483647/messages/last`, { cookie: again }),
    ])) expect(response.status).toBe(404)
  })
})

describe('POST /api/auth/logout revokes the session everywhere', () => {
  it('a copy of the cookie taken before sign-out, and the account\'s other sessions, stop working', async () => {
    const user = await signUp()
    const otherDevice = sessionCookieOf(await signIn(user))
    const copied = user.cookie
    const response = await user.call('POST', '/api/auth/logout')
    expect(response.status).toBe(204)
    await expectCookieRefused(user, copied)
    await expectCookieRefused(user, otherDevice)
    // Signing in again works and gives a working cookie.
    const again = await signIn(user)
    expect(again.status).toBe(200)
    await expectCookieWorks(user, sessionCookieOf(again))
  })

  it('204 without a cookie, and with a cookie that was already revoked', async () => {
    expect((await request('POST', '/api/auth/logout')).status).toBe(204)
    const user = await signUp()
    await user.call('POST', '/api/auth/logout')
    expect((await user.call('POST', '/api/auth/logout')).status).toBe(204)
  })
})

describe('POST /api/auth/logout?scope=…', () => {
  it('scope=device: 204 and this browser\'s cookie is cleared; the account\'s other sessions go on', async () => {
    const user = await signUp()
    const otherDevice = sessionCookieOf(await signIn(user))
    const response = await user.call('POST', '/api/auth/logout?scope=device')
    expect(response.status).toBe(204)
    expect(response.headers.getSetCookie().find(cookie => cookie.startsWith('neptun-session='))).toMatch(/^neptun-session=;/)
    await expectCookieWorks(user, otherDevice)
    // Stateless sessions: a copy of the cleared cookie would still work until it expires or the
    // account signs out everywhere (docs/security.md).
    await expectCookieWorks(user, user.cookie)
  })

  it('scope=everywhere is the default\'s behaviour: every session ends', async () => {
    const user = await signUp()
    const otherDevice = sessionCookieOf(await signIn(user))
    expect((await user.call('POST', '/api/auth/logout?scope=everywhere')).status).toBe(204)
    await expectCookieRefused(user, otherDevice)
    await expectCookieRefused(user, user.cookie)
  })

  it('400 for another scope, and nothing is revoked', async () => {
    const user = await signUp()
    for (const query of ['scope=all', 'scope=', 'scope=device&scope=everywhere']) {
      const response = await user.call('POST', `/api/auth/logout?${query}`)
      expect(response.status, query).toBe(400)
      expect(response.body).toMatchObject({ statusCode: 400, statusMessage: 'Bad Request', message: 'scope: must be one of everywhere, device' })
    }
    await expectCookieWorks(user, user.cookie)
  })
})

describe('POST /api/users/[user_id]/password', () => {
  const path = (user: TestUser) => `/api/users/${user.id}/password`

  it('200 with the user: the new password signs in, the old does not, other cookies are revoked, this one is renewed', async () => {
    const user = await signUp()
    const otherDevice = sessionCookieOf(await signIn(user))
    const response = await user.call('POST', path(user), { json: { current_password: user.password, new_password: 'a brand new password' } })
    expect(response.status).toBe(200)
    expect(response.body).toEqual({ user: { id: user.id, primary_email: user.email } })
    await expectCookieWorks(user, sessionCookieOf(response))
    await expectCookieRefused(user, user.cookie)
    await expectCookieRefused(user, otherDevice)
    expect((await signIn(user)).status).toBe(401)
    expect((await signIn(user, 'a brand new password')).status).toBe(200)
  })

  it('400 invalid_password for a wrong current password, and nothing changes', async () => {
    const user = await signUp()
    const response = await user.call('POST', path(user), { json: { current_password: 'not my password', new_password: 'a brand new password' } })
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({
      statusCode: 400, statusMessage: 'Bad Request', message: 'current_password: Current password is incorrect',
      data: { issues: [{ code: 'invalid_password', path: ['current_password'] }] },
    })
    await expectCookieWorks(user, user.cookie)
    expect((await signIn(user)).status).toBe(200)
  })

  it.each([
    ['a new password under 8 characters', { current_password: 'correct horse battery', new_password: 'short' }],
    ['no current password', { new_password: 'a brand new password' }],
    ['a body that is an array', ['correct horse battery']],
  ])('400 for %s', async (_case, json) => {
    const user = await signUp()
    const response = await user.call('POST', path(user), { json })
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ statusCode: 400, statusMessage: 'Bad Request' })
    expect((await signIn(user)).status).toBe(200)
  })

  it('401 without a cookie and for another user\'s path; their password stays', async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()])
    const json = { current_password: bob.password, new_password: 'a brand new password' }
    const anonymous = await request('POST', path(bob), { json })
    const other = await alice.call('POST', path(bob), { json })
    for (const response of [anonymous, other]) {
      expect(response.status).toBe(401)
      expect(response.body).toMatchObject(NO_ACCESS)
    }
    expect((await signIn(bob)).status).toBe(200)
  })
})

describe('GET /api/health', () => {
  it('200 {status: "ok", database: "ok"} without a session', async () => {
    const response = await request('GET', '/api/health')
    expect(response.status).toBe(200)
    expect(response.body).toEqual({ status: 'ok', database: 'ok' })
  })
})
