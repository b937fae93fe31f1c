import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningServer } from '../../scripts/built-server'
import { startOwnServer } from '../helpers/own-server'

// A server of its own: 3 attempts per hour (a long window, so a test never straddles two), behind
// one trusted proxy, so each test can be its own client address through X-Forwarded-For.
const LIMIT = 3
const PUBLIC_ORIGIN = 'https://chats.example.test'
let server: RunningServer

beforeAll(async () => {
  server = await startOwnServer({ NEPTUN_AUTH_RATE_LIMIT: String(LIMIT), NEPTUN_AUTH_RATE_WINDOW: '3600', TRUST_PROXY: '1', NEPTUN_PUBLIC_ORIGIN: PUBLIC_ORIGIN })
})
afterAll(() => server?.stop())

let addressCount = 0
/** A client address no other test (or run, on a shared Postgres) uses. */
function newAddress(): string {
  addressCount++
  return `2001:db8:${randomUUID().slice(0, 4)}:${randomUUID().slice(0, 4)}::${addressCount.toString(16)}`
}
const newEmail = () => `rl-${randomUUID()}@example.test`

async function post(path: string, json: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(new URL(path, server.baseURL), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(json) })
  return { status: response.status, headers: response.headers, body: await response.json().catch(() => undefined) }
}
const from = (address: string) => ({ 'x-forwarded-for': `${newAddress()}, ${address}` })

function expectTooMany(response: Awaited<ReturnType<typeof post>>) {
  expect(response.status).toBe(429)
  expect(response.body).toMatchObject({ statusCode: 429, statusMessage: 'Too Many Requests', message: expect.stringContaining(`Rate limit of ${LIMIT} requests`) })
  const retryAfter = Number(response.headers.get('retry-after'))
  expect(retryAfter).toBeGreaterThanOrEqual(1)
  expect(retryAfter).toBeLessThanOrEqual(3600)
  expect(response.headers.get('ratelimit-remaining')).toBe('0')
}

describe('POST /api/auth/login: limited per IP and per email', () => {
  it(`${LIMIT} wrong passwords, then 429 with Retry-After even for the right password`, async () => {
    const address = newAddress()
    const email = newEmail()
    const password = 'the right password'
    expect((await post('/api/auth/register', { email, password }, from(newAddress()))).status).toBe(201)
    for (let i = 0; i < LIMIT; i++) {
      const response = await post('/api/auth/login', { email, password: `guess ${i}` }, from(address))
      expect(response.status).toBe(401)
      expect(response.headers.get('ratelimit-remaining')).toBe(String(LIMIT - 1 - i))
    }
    expectTooMany(await post('/api/auth/login', { email, password }, from(address)))
  })

  it('per email: guesses spread over many addresses are counted against the account', async () => {
    const email = newEmail()
    for (let i = 0; i < LIMIT; i++) expect((await post('/api/auth/login', { email, password: 'guess' }, from(newAddress()))).status).toBe(401)
    expectTooMany(await post('/api/auth/login', { email, password: 'guess' }, from(newAddress())))
  })

  it('per IP: one address trying many emails is stopped; another address is not', async () => {
    const address = newAddress()
    for (let i = 0; i < LIMIT; i++) expect((await post('/api/auth/login', { email: newEmail(), password: 'guess' }, from(address))).status).toBe(401)
    expectTooMany(await post('/api/auth/login', { email: newEmail(), password: 'guess' }, from(address)))
    expect((await post('/api/auth/login', { email: newEmail(), password: 'guess' }, from(newAddress()))).status).toBe(401)
  })

  it('what the client writes before our proxy\'s entry in X-Forwarded-For does not reset its count', async () => {
    const address = newAddress()
    // from() puts a fresh made-up address in front each time; only the proxy's (last) entry counts.
    for (let i = 0; i < LIMIT; i++) await post('/api/auth/login', { email: newEmail(), password: 'guess' }, from(address))
    expectTooMany(await post('/api/auth/login', { email: newEmail(), password: 'guess' }, from(address)))
  })
})

describe('POST /api/auth/register: limited per IP and per email, before any hashing', () => {
  it(`the ${LIMIT + 1}th sign-up from one address is 429 and makes no account`, async () => {
    const address = newAddress()
    for (let i = 0; i < LIMIT; i++) expect((await post('/api/auth/register', { email: newEmail(), password: 'password1' }, from(address))).status).toBe(201)
    const email = newEmail()
    expectTooMany(await post('/api/auth/register', { email, password: 'password1' }, from(address)))
    // No account was made: that email signs up fine from elsewhere.
    expect((await post('/api/auth/register', { email, password: 'password1' }, from(newAddress()))).status).toBe(201)
  })

  it('repeated sign-ups for one email (409s) are limited too', async () => {
    const email = newEmail()
    expect((await post('/api/auth/register', { email, password: 'password1' }, from(newAddress()))).status).toBe(201)
    for (let i = 1; i < LIMIT; i++) expect((await post('/api/auth/register', { email, password: 'password1' }, from(newAddress()))).status).toBe(409)
    expectTooMany(await post('/api/auth/register', { email, password: 'password1' }, from(newAddress())))
  })
})

describe('NEPTUN_PUBLIC_ORIGIN names the site the pages are served from', () => {
  it('a sign-in with that Origin passes; one with the server\'s own address as Origin is cross-site there', async () => {
    const email = newEmail()
    expect((await post('/api/auth/register', { email, password: 'password1' }, { ...from(newAddress()), origin: PUBLIC_ORIGIN })).status).toBe(201)
    const refused = await post('/api/auth/login', { email, password: 'password1' }, { ...from(newAddress()), origin: new URL(server.baseURL).origin })
    expect(refused.status).toBe(403)
    expect(refused.body).toMatchObject({ statusCode: 403, statusMessage: 'Forbidden', message: 'Cross-site request refused' })
  })
})
