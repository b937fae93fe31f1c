import { describe, expect, it } from 'vitest'
import { request, signUp } from '../helpers/client'

// The session cookie is unsealed once per cookie string and kept per process (server/utils/session-reader.ts):
// the same answers as before, and a 401 no longer seals a fresh empty session into a Set-Cookie.

describe('reading the session cookie', () => {
  it('a valid cookie reads the same user on every request (first unsealed, then remembered)', async () => {
    const user = await signUp()
    for (let i = 0; i < 3; i++) {
      const response = await user.call('GET', '/api/auth/session')
      expect(response.status).toBe(200)
      expect(response.body).toEqual({ user: { id: user.id, primary_email: user.email } })
    }
  })

  it.each([
    ['no cookie', undefined],
    ['a cookie that does not unseal', 'neptun-session=Fe26.2**not-a-sealed-session'],
    ['an empty cookie', 'neptun-session='],
  ])('401 for %s, without setting a cookie', async (_case, cookie) => {
    const response = await request('GET', '/api/auth/session', { cookie })
    expect(response.status).toBe(401)
    expect(response.headers.getSetCookie()).toEqual([])
  })

  it('a tampered copy of a valid cookie is a 401 even after the valid one was remembered', async () => {
    const user = await signUp()
    expect((await user.call('GET', '/api/auth/session')).status).toBe(200)
    const value = user.cookie.slice('neptun-session='.length)
    const flipped = `${value.slice(0, -2)}${value.at(-2) === 'A' ? 'B' : 'A'}${value.at(-1)}`
    const response = await request('GET', '/api/auth/session', { cookie: `neptun-session=${flipped}` })
    expect(response.status).toBe(401)
  })
})
