import { describe, expect, it } from 'vitest'
import { signUp } from '../helpers/client'
import { createProject } from '../helpers/fixtures'

describe('GET /api/users/[user_id]/projects', () => {
  it('200 with the user\'s projects only, newest first', async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()])
    const first = await createProject(alice, 'First')
    const second = await createProject(alice, 'Second')
    await createProject(bob, 'Not yours')
    const response = await alice.call('GET', `/api/users/${alice.id}/projects`)
    expect(response.status).toBe(200)
    expect(response.body.projects.map((p: { id: number }) => p.id)).toEqual([second.id, first.id])
    expect(response.body.projects[0]).toEqual({
      id: second.id, neptun_user_id: alice.id, name: 'Second', description: null,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), updated_at: expect.any(String),
    })
  })

  it('200 with an empty list for a new user', async () => {
    const user = await signUp()
    const response = await user.call('GET', `/api/users/${user.id}/projects`)
    expect(response.body).toEqual({ projects: [] })
  })
})

describe('POST /api/users/[user_id]/projects', () => {
  it('201 with the project', async () => {
    const user = await signUp()
    const response = await user.call('POST', `/api/users/${user.id}/projects`, { json: { name: '  Infra  ', description: 'Terraform and friends' } })
    expect(response.status).toBe(201)
    expect(response.body.project).toMatchObject({ id: expect.any(Number), neptun_user_id: user.id, name: 'Infra', description: 'Terraform and friends' })
  })

  it.each([
    ['an empty name', { name: '   ' }],
    ['a name over 200 characters', { name: 'x'.repeat(201) }],
    ['no name', { description: 'x' }],
    ['a name that is not a string', { name: 42 }],
  ])('400 for %s', async (_case, json) => {
    const user = await signUp()
    const response = await user.call('POST', `/api/users/${user.id}/projects`, { json })
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ statusCode: 400, statusMessage: 'Bad Request', data: { issues: [expect.objectContaining({ message: expect.stringContaining('name') })] } })
  })

  it('400 for a body that is not JSON', async () => {
    const user = await signUp()
    const response = await user.call('POST', `/api/users/${user.id}/projects`, { raw: 'name=x' })
    expect(response.status).toBe(400)
  })

  it('401 for another user\'s user_id, and nothing is created', async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()])
    const response = await alice.call('POST', `/api/users/${bob.id}/projects`, { json: { name: 'Sneaky' } })
    expect(response.status).toBe(401)
    expect((await bob.call('GET', `/api/users/${bob.id}/projects`)).body).toEqual({ projects: [] })
  })
})
