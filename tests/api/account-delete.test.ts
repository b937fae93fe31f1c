import { describe, expect, it } from 'vitest'
import { request, signUp, type TestUser } from '../helpers/client'
import { addMessages, createApiKey, createChat, createProject, v1 } from '../helpers/fixtures'
import { openLive } from '../helpers/live'

// Deleting an account (docs/api.md, "DELETE /api/users/[user_id]"; docs/security.md). The
// in-process side (chunks, foreign links into the account's projects) is tests/db/account-deletion.test.ts.

const accountPath = (user: TestUser) => `/api/users/${user.id}`

/** A user with two projects (a chat in both), messages, an API key and a receipt. */
async function fullAccount() {
  const user = await signUp()
  const [first, second] = [await createProject(user, 'First'), await createProject(user, 'Second')]
  const chats = [await createChat(user, first.id, 'a'), await createChat(user, first.id, 'b'), await createChat(user, second.id, 'c')]
  await addMessages(user, chats[0]!.id, ['user', 'assistant', 'user'])
  await addMessages(user, chats[2]!.id, ['user'])
  const doomed = await createChat(user, second.id, 'deleted before')
  expect((await user.call('DELETE', `/api/users/${user.id}/projects/${second.id}/chats/${doomed.id}`)).status).toBe(200)
  const { key } = await createApiKey(user)
  return { user, chats, key }
}

describe('DELETE /api/users/[user_id]', () => {
  it('200 with the final receipt (counts only); the session ends, the email and the key stop working, the email can sign up afresh', async () => {
    const { user, chats, key } = await fullAccount()
    const response = await user.call('DELETE', accountPath(user), { json: { password: user.password } })
    expect(response.status).toBe(200)
    expect(response.body).toEqual({
      receipt: {
        kind: 'account_deletion',
        deleted_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        counts: { chats: 3, messages: 4, projects: 2, api_keys: 1, receipts: 1 },
      },
    })
    expect(response.text).not.toContain(user.email)
    expect(response.headers.get('neptun-receipt-id')).toBeNull()
    // The cookie is cleared, and the old one opens nothing.
    expect(response.headers.getSetCookie().some(cookie => /^neptun-session=;/.test(cookie) || /^neptun-session=[^;]*;.*Max-Age=0/i.test(cookie))).toBe(true)
    expect((await user.call('GET', `/api/users/${user.id}/projects`)).status).toBe(401)
    expect((await user.call('GET', `/api/users/${user.id}/chats/${chats[0]!.id}`)).status).toBe(401)
    expect((await v1(key, 'GET', '/chats')).status).toBe(401)
    expect((await request('POST', '/api/auth/login', { json: { email: user.email, password: user.password } })).status).toBe(401)
    const again = await signUp({ email: user.email })
    expect((await again.call('GET', `/api/users/${again.id}/projects`)).body).toEqual({ projects: [] })
    expect((await again.call('GET', `/api/users/${again.id}/receipts`)).body.receipts).toEqual([])
  })

  it('closes every live socket of the account at once with 4001 (cookie and API key), and another account\'s stay open', async () => {
    const { user, chats, key } = await fullAccount()
    const stranger = await signUp()
    const strangerChat = await createChat(stranger, (await createProject(stranger)).id)
    const sockets = [
      await openLive(`/api/v1/chats/${chats[0]!.uuid}/live`, { cookie: user.cookie }),
      await openLive(`/api/v1/chats/${chats[1]!.uuid}/live`, { apiKey: key }),
      await openLive(`/api/users/${user.id}/live`, { cookie: user.cookie }),
    ]
    const theirs = await openLive(`/api/v1/chats/${strangerChat.uuid}/live`, { cookie: stranger.cookie })
    expect((await user.call('DELETE', accountPath(user), { json: { password: user.password } })).status).toBe(200)
    const closes = await Promise.all(sockets.map(socket => socket.closed))
    expect(closes).toEqual([
      { code: 4001, reason: 'Session ended' },
      { code: 4001, reason: 'API key revoked' },
      { code: 4001, reason: 'Session ended' },
    ])
    await addMessages(stranger, strangerChat.id, ['user'])
    await theirs.waitFor(event => event.type === 'message.created')
    expect(theirs.isOpen()).toBe(true)
    await theirs.close()
  })

  it('400 for a wrong password (as the password change), and nothing changes', async () => {
    const { user, chats, key } = await fullAccount()
    const response = await user.call('DELETE', accountPath(user), { json: { password: 'not the password' } })
    expect(response.status).toBe(400)
    expect(response.body).toEqual({
      statusCode: 400, statusMessage: 'Bad Request', message: 'password: Password is incorrect',
      data: { issues: [{ code: 'invalid_password', message: 'password: Password is incorrect', path: ['password'] }] },
    })
    expect((await user.call('GET', `/api/users/${user.id}/projects`)).body.projects).toHaveLength(2)
    expect((await user.call('GET', `/api/users/${user.id}/chats/${chats[0]!.id}`)).status).toBe(200)
    expect((await v1(key, 'GET', '/chats')).status).toBe(200)
  })

  it.each([
    ['no password', {}],
    ['an empty password', { password: '' }],
    ['a password that is not a string', { password: 42 }],
  ])('400 for %s', async (_case, json) => {
    const user = await signUp()
    const response = await user.call('DELETE', accountPath(user), { json })
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ statusCode: 400, statusMessage: 'Bad Request', data: { issues: [expect.objectContaining({ path: ['password'] })] } })
    expect((await user.call('GET', `/api/users/${user.id}/projects`)).status).toBe(200)
  })

  it('400 for a body that is not JSON or a user_id that is not an id', async () => {
    const user = await signUp()
    expect((await user.call('DELETE', accountPath(user), { raw: 'password=x' })).status).toBe(400)
    expect((await user.call('DELETE', '/api/users/abc', { json: { password: user.password } })).status).toBe(400)
  })

  it('401 without a session, for another user\'s path (even with that user\'s password) and for a revoked session; nothing is deleted', async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()])
    await createProject(bob)
    expect((await request('DELETE', accountPath(bob), { json: { password: bob.password } })).status).toBe(401)
    expect((await alice.call('DELETE', accountPath(bob), { json: { password: bob.password } })).status).toBe(401)
    expect((await bob.call('GET', `/api/users/${bob.id}/projects`)).body.projects).toHaveLength(1)
    const revoked = alice.cookie
    expect((await alice.call('POST', '/api/auth/logout')).status).toBe(204)
    expect((await request('DELETE', accountPath(alice), { cookie: revoked, json: { password: alice.password } })).status).toBe(401)
    expect((await request('POST', '/api/auth/login', { json: { email: alice.email, password: alice.password } })).status).toBe(200)
  })
})
