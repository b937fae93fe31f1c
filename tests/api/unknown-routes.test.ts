import { describe, expect, it } from 'vitest'
import { request, signUp } from '../helpers/client'

// An API client gets JSON for a path or method the API does not have, never the sign-in page.

describe('/api paths no route answers', () => {
  it('an unknown path → the seeds\' 404, signed in or not', async () => {
    const user = await signUp()
    for (const response of [await request('GET', '/api/nope'), await user.call('DELETE', '/api/users/1/nope/2')]) {
      expect(response.status).toBe(404)
      expect(response.body).toMatchObject({ statusCode: 404, statusMessage: 'Not Found', message: expect.stringMatching(/^No API route for (GET|DELETE) \/api\//) })
    }
  })

  it('a method the route does not take → 404 in JSON, not a redirect to the sign-in page', async () => {
    const response = await request('PUT', '/api/auth/login', { json: {} })
    expect(response.status).toBe(404)
    expect(response.body).toMatchObject({ statusCode: 404, statusMessage: 'Not Found', message: 'No API route for PUT /api/auth/login' })
    expect(response.headers.get('location')).toBeNull()
  })
})
