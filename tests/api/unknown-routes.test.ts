import { describe, expect, it } from 'vitest'
import { request, signUp, statementsOf } from '../helpers/client'

// Unknown /api/* paths answer a JSON 404 from a catch-all route: no page is rendered for them.

const NOT_FOUND = { statusCode: 404, statusMessage: 'Not Found', message: expect.stringMatching(/^No API route for [A-Z]+ \/api\//) }

describe('unknown /api/* paths', () => {
  it.each([
    ['GET', '/api/nope'],
    ['GET', '/api/users/1/projects/2/chats/3/nothing'],
    ['POST', '/api/auth/nope'],
    ['DELETE', '/api/v0/anything'],
    ['PUT', '/api/users/1/projects'],
  ])('%s %s → 404 JSON, whatever Accept says, without SQL', async (method, path) => {
    for (const accept of ['application/json', 'text/html']) {
      const response = await request(method, path, { headers: { accept } })
      expect(response.status).toBe(404)
      expect(response.headers.get('content-type')).toMatch(/^application\/json/)
      expect(response.body).toMatchObject(NOT_FOUND)
      expect(response.text).not.toMatch(/<html/i)
      expect(statementsOf(response)).toBe(0)
    }
  })

  it('a signed-in user gets the same 404 on an unknown path', async () => {
    const user = await signUp()
    const response = await user.call('GET', `/api/users/${user.id}/nope`)
    expect(response.status).toBe(404)
    expect(response.body).toMatchObject(NOT_FOUND)
  })

  it('400 and 401 answers are JSON too, even when the client asks for HTML', async () => {
    const bad = await request('GET', '/api/users/abc/projects/1/chats', { headers: { accept: 'text/html' } })
    expect(bad.status).toBe(401)
    expect(bad.headers.get('content-type')).toMatch(/^application\/json/)
    const user = await signUp()
    const invalid = await user.call('GET', `/api/users/${user.id}/projects/abc/chats`, { headers: { accept: 'text/html' } })
    expect(invalid.status).toBe(400)
    expect(invalid.headers.get('content-type')).toMatch(/^application\/json/)
    expect(invalid.body).toMatchObject({ statusCode: 400, statusMessage: 'Bad Request' })
  })

  it('a method the route does not take → 404 in JSON naming it, not a redirect to the sign-in page', async () => {
    const response = await request('PUT', '/api/auth/login', { json: {} })
    expect(response.status).toBe(404)
    expect(response.body).toMatchObject({ statusCode: 404, statusMessage: 'Not Found', message: 'No API route for PUT /api/auth/login' })
    expect(response.headers.get('location')).toBeNull()
  })
})
