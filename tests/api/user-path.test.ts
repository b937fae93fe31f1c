import { describe, expect, it } from 'vitest'
import { request, signUp } from '../helpers/client'

// The helper behind every /api/users/[user_id]/** route, seen through the projects list.
const NO_ACCESS = { statusCode: 401, statusMessage: 'Unauthorized', message: 'You do not have access to view the information.' }

describe('/api/users/[user_id]/** session check', () => {
  it('401 with the seed body without a session', async () => {
    const response = await request('GET', '/api/users/1/projects')
    expect(response.status).toBe(401)
    expect(response.body).toMatchObject(NO_ACCESS)
  })

  it('401 with the seed body for a cookie that does not unseal', async () => {
    const response = await request('GET', '/api/users/1/projects', { cookie: 'neptun-session=not-a-sealed-value' })
    expect(response.status).toBe(401)
    expect(response.body).toMatchObject(NO_ACCESS)
  })

  it('401 with the seed body for another user\'s user_id', async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()])
    const response = await alice.call('GET', `/api/users/${bob.id}/projects`)
    expect(response.status).toBe(401)
    expect(response.body).toMatchObject(NO_ACCESS)
  })

  it.each(['0', '-1', '1.5', '1e3', 'abc', '99999999999', '%20'])('400 for user_id %s', async (userId) => {
    const user = await signUp()
    const response = await user.call('GET', `/api/users/${userId}/projects`)
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ statusCode: 400, statusMessage: 'Bad Request', data: { issues: [{ code: 'invalid_type', message: 'Invalid user_id' }] } })
  })
})
