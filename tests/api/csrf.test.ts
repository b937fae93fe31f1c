import { describe, expect, it } from 'vitest'
import { baseURL, request, signUp, type TestUser } from '../helpers/client'
import { createChat, createProject } from '../helpers/fixtures'

const FORBIDDEN = { statusCode: 403, statusMessage: 'Forbidden', message: 'Cross-site request refused' }
const EVIL = { origin: 'https://evil.example' }
const CROSS_SITE = { 'sec-fetch-site': 'cross-site' }
const SAME_ORIGIN = { origin: new URL(baseURL).origin }

async function chatsOf(user: TestUser, projectId: number): Promise<number[]> {
  const response = await user.call('GET', `/api/users/${user.id}/projects/${projectId}/chats`)
  return response.body.chats.map((chat: { id: number }) => chat.id)
}

describe('cross-site requests carrying the session cookie → 403, nothing changed', () => {
  it.each([
    ['an Origin of another site', EVIL],
    ['Sec-Fetch-Site: cross-site', CROSS_SITE],
    ['Origin: null (a sandboxed frame or a redirect)', { origin: 'null' }],
    ['an Origin on our host name but another port', { origin: `http://127.0.0.1:${Number(new URL(baseURL).port) + 1}` }],
  ])('DELETE one chat with %s', async (_case, headers) => {
    const user = await signUp()
    const project = await createProject(user)
    const chat = await createChat(user, project.id)
    const response = await user.call('DELETE', `/api/users/${user.id}/projects/${project.id}/chats/${chat.id}`, { headers })
    expect(response.status).toBe(403)
    expect(response.body).toMatchObject(FORBIDDEN)
    expect(await chatsOf(user, project.id)).toEqual([chat.id])
  })

  it('DELETE many, POST, and trimming are refused the same way', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const chat = await createChat(user, project.id)
    const attempts = [
      user.call('DELETE', `/api/users/${user.id}/projects/${project.id}/chats`, { headers: EVIL, json: { chat_ids: [chat.id] } }),
      user.call('POST', `/api/users/${user.id}/projects/${project.id}/chats`, { headers: EVIL, json: { name: 'planted', model: 'm' } }),
      user.call('POST', `/api/users/${user.id}/projects`, { headers: CROSS_SITE, json: { name: 'planted' } }),
      user.call('DELETE', `/api/users/${user.id}/chats/${chat.id}/messages/last`, { headers: EVIL }),
      user.call('POST', `/api/users/${user.id}/password`, { headers: EVIL, json: { current_password: user.password, new_password: 'attacker chosen' } }),
      user.call('POST', '/api/auth/logout', { headers: EVIL }),
      user.call('PATCH', `/api/users/${user.id}/projects`, { headers: EVIL, json: {} }),
      user.call('PUT', `/api/users/${user.id}/projects`, { headers: EVIL, json: {} }),
    ]
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(403)
      expect(response.body).toMatchObject(FORBIDDEN)
    }
    expect(await chatsOf(user, project.id)).toEqual([chat.id])
    const projects = await user.call('GET', `/api/users/${user.id}/projects`)
    expect(projects.body.projects).toHaveLength(1)
    // Neither the password change nor the sign-out happened: the cookie and the password still work.
    expect((await user.call('GET', '/api/auth/session')).status).toBe(200)
    expect((await request('POST', '/api/auth/login', { json: { email: user.email, password: user.password } })).status).toBe(200)
  })

  it('sign-in and sign-up from another site are refused even without a cookie (no forced sign-in)', async () => {
    const user = await signUp()
    const login = await request('POST', '/api/auth/login', { headers: EVIL, json: { email: user.email, password: user.password } })
    const register = await request('POST', '/api/auth/register', { headers: CROSS_SITE, json: { email: `x-${user.email}`, password: 'password1' } })
    for (const response of [login, register]) {
      expect(response.status).toBe(403)
      expect(response.body).toMatchObject(FORBIDDEN)
      expect(response.headers.getSetCookie().join()).not.toMatch(/neptun-session=Fe26/)
    }
  })
})

describe('requests that are not cross-site keep working', () => {
  it('without Origin or Sec-Fetch-Site (curl, the seeds\' examples)', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const chat = await createChat(user, project.id)
    const response = await user.call('DELETE', `/api/users/${user.id}/projects/${project.id}/chats/${chat.id}`)
    expect(response.status).toBe(200)
    expect(await chatsOf(user, project.id)).toEqual([])
  })

  it('from our own origin (the pages), Sec-Fetch-Site same-origin', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const chat = await createChat(user, project.id)
    const headers = { ...SAME_ORIGIN, 'sec-fetch-site': 'same-origin' }
    const response = await user.call('DELETE', `/api/users/${user.id}/projects/${project.id}/chats`, { headers, json: { chat_ids: [chat.id] } })
    expect(response.status).toBe(200)
    expect(await chatsOf(user, project.id)).toEqual([])
  })

  it('reads from another site are not refused here (they carry no authority to change anything)', async () => {
    const user = await signUp()
    const response = await user.call('GET', `/api/users/${user.id}/projects`, { headers: EVIL })
    expect(response.status).toBe(200)
  })

  it('a cross-site POST without the session cookie to a data route gets the usual 401, not 403', async () => {
    const response = await request('POST', '/api/users/1/projects', { headers: EVIL, json: { name: 'x' } })
    expect(response.status).toBe(401)
  })
})
