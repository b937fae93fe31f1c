import { describe, expect, it } from 'vitest'
import { request, signUp } from '../helpers/client'
import { createProject } from '../helpers/fixtures'

const path = (userId: number, projectId: number | string) => `/api/users/${userId}/projects/${projectId}/chats`

describe('POST /api/users/[user_id]/projects/[project_id]/chats', () => {
  it('201 with the chat, which opens as an empty chat of the user', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const response = await user.call('POST', path(user.id, project.id), { json: { name: 'Terraform drift', model: 'google/gemma-2-27b-it' } })
    expect(response.status).toBe(201)
    expect(response.body).toEqual({
      chat: {
        id: expect.any(Number),
        uuid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
        neptun_user_id: user.id,
        model: 'google/gemma-2-27b-it',
        name: 'Terraform drift',
        created_at: expect.any(String),
        updated_at: expect.any(String),
        kept: false,
      },
    })
    const messages = await user.call('GET', `/api/users/${user.id}/chats/${response.body.chat.id}/messages`)
    expect(messages.body).toEqual({ messages: [] })
  })

  it('404 "Project not found" for another user\'s project, and no chat is created', async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()])
    const bobsProject = await createProject(bob)
    const response = await alice.call('POST', path(alice.id, bobsProject.id), { json: { name: 'x', model: 'm' } })
    expect(response.status).toBe(404)
    expect(response.body).toMatchObject({ statusCode: 404, statusMessage: 'Not Found', message: 'Project not found' })
  })

  it('404 for a project that does not exist', async () => {
    const user = await signUp()
    const response = await user.call('POST', path(user.id, 2147483647), { json: { name: 'x', model: 'm' } })
    expect(response.status).toBe(404)
  })

  it.each(['0', '-3', '1.5', 'abc', '1e3'])('400 "Invalid project_id" for %s', async (projectId) => {
    const user = await signUp()
    const response = await user.call('POST', path(user.id, projectId), { json: { name: 'x', model: 'm' } })
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ statusCode: 400, statusMessage: 'Bad Request', data: { issues: [{ code: 'invalid_type', message: 'Invalid project_id' }] } })
  })

  it.each([
    ['no model', { name: 'x' }],
    ['an empty name', { name: '', model: 'm' }],
    ['a name over 200 characters', { name: 'x'.repeat(201), model: 'm' }],
  ])('400 for %s', async (_case, json) => {
    const user = await signUp()
    const project = await createProject(user)
    const response = await user.call('POST', path(user.id, project.id), { json })
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ statusCode: 400, statusMessage: 'Bad Request' })
  })

  it('401 without a session and for another user\'s user_id', async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()])
    const project = await createProject(bob)
    expect((await request('POST', path(bob.id, project.id), { json: { name: 'x', model: 'm' } })).status).toBe(401)
    expect((await alice.call('POST', path(bob.id, project.id), { json: { name: 'x', model: 'm' } })).status).toBe(401)
  })
})
