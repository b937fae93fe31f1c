import { describe, expect, it } from 'vitest'
import { request, sessionCookieOf, signUp } from '../helpers/client'

const NOT_SIGNED_IN = { statusCode: 401, statusMessage: 'Unauthorized', message: 'Not signed in' }

describe('POST /api/auth/register', () => {
  it('201 with the user and a sealed neptun-session cookie (HttpOnly, SameSite=Lax, Secure)', async () => {
    const email = `New-${Date.now()}@Example.TEST`
    const response = await request('POST', '/api/auth/register', { json: { email, password: 'password1' } })
    expect(response.status).toBe(201)
    expect(response.body).toEqual({ user: { id: expect.any(Number), primary_email: email.toLowerCase() } })
    const cookie = response.headers.getSetCookie().find(c => c.startsWith('neptun-session='))!
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Lax/i)
    expect(cookie).toMatch(/Secure/)
  })

  it('409 when the email is taken, whatever its case', async () => {
    const user = await signUp()
    const response = await request('POST', '/api/auth/register', { json: { email: user.email.toUpperCase(), password: 'password1' } })
    expect(response.status).toBe(409)
    expect(response.body).toMatchObject({ statusCode: 409, statusMessage: 'Conflict', message: 'An account with this email already exists' })
  })

  it.each([
    ['a password under 8 characters', { email: 'short@example.test', password: '1234567' }],
    ['a password over 128 characters', { email: 'long@example.test', password: 'x'.repeat(129) }],
    ['an invalid email', { email: 'not-an-email', password: 'password1' }],
    ['no email', { password: 'password1' }],
  ])('400 for %s', async (_case, json) => {
    const response = await request('POST', '/api/auth/register', { json })
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ statusCode: 400, statusMessage: 'Bad Request', data: { issues: [expect.objectContaining({ code: expect.any(String), message: expect.any(String) })] } })
  })

  it('400 for a body that is not JSON (charset in the content type too)', async () => {
    const response = await request('POST', '/api/auth/register', { raw: '{"email":', headers: { 'content-type': 'application/json; charset=utf-8' } })
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ statusCode: 400, statusMessage: 'Bad Request', data: { issues: [{ code: 'invalid_json' }] } })
  })
})

describe('POST /api/auth/login', () => {
  it('200 with the user and a cookie that opens the session', async () => {
    const user = await signUp()
    const response = await request('POST', '/api/auth/login', { json: { email: user.email, password: user.password } })
    expect(response.status).toBe(200)
    expect(response.body).toEqual({ user: { id: user.id, primary_email: user.email } })
    const session = await request('GET', '/api/auth/session', { cookie: sessionCookieOf(response) })
    expect(session.body).toEqual({ user: { id: user.id, primary_email: user.email } })
  })

  it('401 with one message for a wrong password and for an unknown email', async () => {
    const user = await signUp()
    const wrongPassword = await request('POST', '/api/auth/login', { json: { email: user.email, password: 'wrong password' } })
    const unknownEmail = await request('POST', '/api/auth/login', { json: { email: `nobody-${user.email}`, password: user.password } })
    for (const response of [wrongPassword, unknownEmail]) {
      expect(response.status).toBe(401)
      expect(response.body).toMatchObject({ statusCode: 401, statusMessage: 'Unauthorized', message: 'Invalid email or password' })
      expect(response.headers.getSetCookie().join()).not.toMatch(/neptun-session=Fe26/)
    }
  })

  it('400 for a body without a password', async () => {
    const response = await request('POST', '/api/auth/login', { json: { email: 'a@example.test' } })
    expect(response.status).toBe(400)
  })
})

describe('GET /api/auth/session', () => {
  it('200 with the user of the cookie', async () => {
    const user = await signUp()
    const response = await user.call('GET', '/api/auth/session')
    expect(response.status).toBe(200)
    expect(response.body).toEqual({ user: { id: user.id, primary_email: user.email } })
  })

  it('401 without a cookie and with a forged one', async () => {
    for (const cookie of [undefined, 'neptun-session=Fe26.2**forged*cookie']) {
      const response = await request('GET', '/api/auth/session', { cookie })
      expect(response.status).toBe(401)
      expect(response.body).toMatchObject(NOT_SIGNED_IN)
    }
  })
})

describe('POST /api/auth/logout', () => {
  it('204 and the cookie cleared', async () => {
    const user = await signUp()
    const response = await user.call('POST', '/api/auth/logout')
    expect(response.status).toBe(204)
    expect(response.text).toBe('')
    expect(response.headers.getSetCookie().find(c => c.startsWith('neptun-session='))).toMatch(/^neptun-session=;/)
  })
})
