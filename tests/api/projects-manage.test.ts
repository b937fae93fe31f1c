import { describe, expect, it } from 'vitest'
import { request, sessionCookieOf, signUp, type ApiResponse, type TestUser } from '../helpers/client'
import { addMessages, createChat, createProject } from '../helpers/fixtures'
import { openLive } from '../helpers/live'

// Renaming and deleting a project (docs/api.md, "Rename and delete a project"). Chats linked to
// another project too are only unlinked: tests/db/project-deletion.test.ts links them (no route does).

const projectPath = (user: TestUser, projectId: number) => `/api/users/${user.id}/projects/${projectId}`

async function projectsOf(user: TestUser): Promise<{ id: number, name: string }[]> {
  return (await user.call('GET', `/api/users/${user.id}/projects`)).body.projects
}

function receiptIdOf(response: ApiResponse): string {
  const id = response.headers.get('neptun-receipt-id')
  expect(id, `no receipt header on ${response.status} ${response.text}`).toMatch(/^[0-9a-f-]{36}$/)
  return id!
}

describe('PATCH /api/users/[user_id]/projects/[project_id]', () => {
  it('200 with the project renamed (trimmed); the list shows the new name', async () => {
    const user = await signUp()
    const project = await createProject(user, 'Old')
    const response = await user.call('PATCH', projectPath(user, project.id), { json: { name: '  New name  ' } })
    expect(response.status).toBe(200)
    expect(response.body.project).toEqual({
      id: project.id, neptun_user_id: user.id, name: 'New name', description: null,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), updated_at: expect.any(String),
    })
    expect((await projectsOf(user)).find(p => p.id === project.id)?.name).toBe('New name')
  })

  it.each([
    ['an empty name', { name: '   ' }],
    ['a name over 200 characters', { name: 'x'.repeat(201) }],
    ['no name', {}],
    ['a name that is not a string', { name: 42 }],
    ['another field', { name: 'Fine', description: 'not here' }],
  ])('400 for %s, and the name stays', async (_case, json) => {
    const user = await signUp()
    const project = await createProject(user, 'Stays')
    const response = await user.call('PATCH', projectPath(user, project.id), { json })
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ statusCode: 400, statusMessage: 'Bad Request', message: expect.any(String), data: { issues: expect.any(Array) } })
    expect((await projectsOf(user))[0]!.name).toBe('Stays')
  })

  it('400 for a body that is not JSON and for a project_id that is not an id', async () => {
    const user = await signUp()
    const project = await createProject(user)
    expect((await user.call('PATCH', projectPath(user, project.id), { raw: 'name=x' })).status).toBe(400)
    expect((await user.call('PATCH', `/api/users/${user.id}/projects/abc`, { json: { name: 'x' } })).status).toBe(400)
  })

  it('401 without a session or for another user\'s path; 404 for another user\'s project; nothing changes', async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()])
    const project = await createProject(alice, 'Alice\'s')
    expect((await request('PATCH', projectPath(alice, project.id), { json: { name: 'x' } })).status).toBe(401)
    expect((await alice.call('PATCH', projectPath(bob, project.id), { json: { name: 'x' } })).status).toBe(401)
    const foreign = await bob.call('PATCH', projectPath(bob, project.id), { json: { name: 'Mine now' } })
    expect(foreign.status).toBe(404)
    expect(foreign.body).toEqual({ statusCode: 404, statusMessage: 'Not Found', message: 'Project not found' })
    expect((await projectsOf(alice))[0]!.name).toBe('Alice\'s')
  })
})

describe('DELETE /api/users/[user_id]/projects/[project_id]', () => {
  it('200: the project, its chats and their messages are gone; the receipt counts them', async () => {
    const user = await signUp()
    const project = await createProject(user, 'Doomed')
    const other = await createProject(user, 'Other')
    const chats = [await createChat(user, project.id, 'a'), await createChat(user, project.id, 'b')]
    await addMessages(user, chats[0]!.id, ['user', 'assistant'])
    const survivor = await createChat(user, other.id, 'survivor')
    const response = await user.call('DELETE', projectPath(user, project.id), { headers: { 'x-request-id': 'req-project' } })
    expect(response.status).toBe(200)
    expect(response.body).toEqual({ project_deleted: true, chats_deleted: 2, chats_unlinked: 0, chats_remaining: 0 })
    expect((await projectsOf(user)).map(p => p.id)).toEqual([other.id])
    for (const chat of chats) expect((await user.call('GET', `/api/users/${user.id}/chats/${chat.id}`)).status).toBe(404)
    expect((await user.call('GET', `/api/users/${user.id}/chats/${survivor.id}`)).status).toBe(200)
    const receipt = (await user.call('GET', `/api/users/${user.id}/receipts/${receiptIdOf(response)}`)).body.receipt
    expect(receipt).toMatchObject({
      actor: { kind: 'user' },
      route: 'DELETE /api/users/:user_id/projects/:project_id',
      request_id: 'req-project',
      project_ids: [project.id],
      counts: { chats: 2, messages: 2, project_links: 2 },
    })
    expect([...receipt.chat_ids].sort()).toEqual(chats.map(chat => chat.uuid).sort())
    expect(JSON.stringify(receipt)).not.toContain('Doomed')
    // Gone: a second delete is a 404.
    expect((await user.call('DELETE', projectPath(user, project.id))).status).toBe(404)
  })

  it('200 for an empty project, with a receipt of nothing but the project', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const response = await user.call('DELETE', projectPath(user, project.id))
    expect(response.body).toEqual({ project_deleted: true, chats_deleted: 0, chats_unlinked: 0, chats_remaining: 0 })
    const receipt = (await user.call('GET', `/api/users/${user.id}/receipts/${receiptIdOf(response)}`)).body.receipt
    expect(receipt).toMatchObject({ project_ids: [project.id], counts: { chats: 0, messages: 0, project_links: 0 }, chat_ids: [] })
  })

  it('live sockets of its chats are not refused: they get chat.deleted and close 4004', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const chat = await createChat(user, project.id)
    const socket = await openLive(`/api/v1/chats/${chat.uuid}/live`, { cookie: user.cookie })
    const userSocket = await openLive(`/api/users/${user.id}/live`, { cookie: user.cookie })
    expect((await user.call('DELETE', projectPath(user, project.id))).status).toBe(200)
    expect(await socket.waitFor(event => event.type === 'chat.deleted')).toEqual({ type: 'chat.deleted', chat_id: chat.uuid })
    expect(await socket.closed).toEqual({ code: 4004, reason: 'Chat deleted' })
    expect(await userSocket.waitFor(event => event.type === 'chat.deleted')).toEqual({ type: 'chat.deleted', chat_id: chat.id })
    await userSocket.close()
  })

  it('400 for a project_id that is not an id; 401 without a session or for another user\'s path; 404 for another user\'s project, which stays whole', async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()])
    const project = await createProject(alice)
    const chat = await createChat(alice, project.id)
    expect((await alice.call('DELETE', `/api/users/${alice.id}/projects/0`)).status).toBe(400)
    expect((await request('DELETE', projectPath(alice, project.id))).status).toBe(401)
    expect((await alice.call('DELETE', projectPath(bob, project.id))).status).toBe(401)
    const foreign = await bob.call('DELETE', projectPath(bob, project.id))
    expect(foreign.status).toBe(404)
    expect(foreign.body).toEqual({ statusCode: 404, statusMessage: 'Not Found', message: 'Project not found' })
    expect(foreign.headers.get('neptun-receipt-id')).toBeNull()
    expect((await projectsOf(alice)).map(p => p.id)).toEqual([project.id])
    expect((await alice.call('GET', `/api/users/${alice.id}/chats/${chat.id}`)).status).toBe(200)
  })

  it('401 for a revoked session, and nothing is deleted', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const revoked = user.cookie
    expect((await user.call('POST', '/api/auth/logout')).status).toBe(204)
    expect((await request('DELETE', projectPath(user, project.id), { cookie: revoked })).status).toBe(401)
    expect((await request('PATCH', projectPath(user, project.id), { cookie: revoked, json: { name: 'x' } })).status).toBe(401)
    const again = await request('POST', '/api/auth/login', { json: { email: user.email, password: user.password } })
    const cookie = sessionCookieOf(again)
    expect((await request('GET', `/api/users/${user.id}/projects`, { cookie })).body.projects).toMatchObject([{ id: project.id, name: 'Project' }])
  })
})
