import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { request, signUp } from '../helpers/client'
import { actorOf, requestSpec, resolveRequest } from '../fuzz/arbitraries'
import { discoverRoutes } from '../fuzz/routes'
import { fingerprint, makeWorld, refresh, signInAgain, type World } from '../fuzz/world'

// Property-based: random requests to every route (paths, queries, bodies, headers, cookies), each
// checked against three properties — never a 5xx; nothing changed unless the answer is 2xx; a 2xx
// changes only the data of the cookie's owner. FUZZ_RUNS sets the number of cases; FUZZ_SEED
// replays a failing run (fast-check prints the seed and the shrunk request).
//
// The data is compared after every POST, PUT, PATCH and DELETE, and after every 8th other request
// (reading both users' data costs four requests: doing it after every GET would halve the cases).

const RUNS = Number(process.env.FUZZ_RUNS) || 2000
const READS_CHECKED_EVERY = 8
const routes = discoverRoutes()
let world: World

beforeAll(async () => {
  world = await makeWorld()
})

/**
 * A 2xx of the password route changed the cookie owner's password to the body's `new_password`:
 * the re-sign-in after the session ends must use it.
 */
function rememberNewPassword(spec: Parameters<typeof actorOf>[0], path: string, body: string | undefined): void {
  const actor = actorOf(spec)
  if (body === undefined || (actor !== 'self' && actor !== 'other') || !/\/password(?:\?|$)/.test(path)) return
  try {
    const parsed = JSON.parse(body) as { new_password?: unknown }
    if (typeof parsed?.new_password === 'string') world[actor].user.password = parsed.new_password
  }
  catch {
    // not JSON: no password in it
  }
}

async function bothFingerprints(): Promise<{ self: string, other: string }> {
  const [self, other] = await Promise.all([fingerprint(world.self), fingerprint(world.other)])
  return { self, other }
}

describe('every route under random input', () => {
  it('never answers 5xx, changes nothing unless it answers 2xx, and only the cookie owner\'s data', async () => {
    let cases = 0
    let checks = 0
    const statuses = new Map<number, number>()
    let baseline = await bothFingerprints()
    const started = performance.now()

    await fc.assert(fc.asyncProperty(requestSpec(routes), async (spec) => {
      const sent = resolveRequest(world, spec)
      cases++
      const answer = await request(sent.method, sent.path, { headers: sent.headers, raw: sent.body })
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1)
      expect(answer.status, `${sent.method} ${sent.path} → ${answer.text.slice(0, 300)}`).toBeLessThan(500)
      if (answer.status >= 400 && sent.method !== 'HEAD' && answer.headers.get('content-type')?.startsWith('application/json')) {
        // The seeds' error shape, whatever went wrong.
        expect(answer.body, `${sent.method} ${sent.path} → ${answer.text.slice(0, 300)}`).toMatchObject({
          statusCode: answer.status, statusMessage: expect.any(String), message: expect.any(String),
        })
      }

      const writes = !['GET', 'HEAD', 'OPTIONS'].includes(sent.method)
      if (!writes && cases % READS_CHECKED_EVERY !== 0) return
      checks++
      // A 2xx sign-out or password change ends the account's sessions: read with fresh ones.
      if (answer.status >= 200 && answer.status < 300 && writes) {
        rememberNewPassword(spec, sent.path, sent.body)
        await signInAgain(world)
      }
      const now = await bothFingerprints()
      if (answer.status >= 200 && answer.status < 300) {
        const actor = actorOf(spec)
        if (actor !== 'self' && actor !== 'either') expect(now.self, 'a 2xx without self\'s cookie changed self\'s data').toBe(baseline.self)
        if (actor !== 'other' && actor !== 'either') expect(now.other, 'a 2xx without other\'s cookie changed other\'s data').toBe(baseline.other)
        if (writes) {
          await refresh(world)
          baseline = await bothFingerprints()
        }
        else {
          expect(now, `${sent.method} ${sent.path} only reads but changed data`).toEqual(baseline)
        }
      }
      else {
        expect(now, `${sent.method} ${sent.path} answered ${answer.status} but changed data`).toEqual(baseline)
      }
    }), { numRuns: RUNS, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined, endOnFailure: true })

    const seconds = (performance.now() - started) / 1000
    const byStatus = [...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(' ')
    const names = routes.map(r => `${r.method ?? '*'} /${r.segments.map(s => typeof s === 'string' ? s : `:${s.param}`).join('/')}`)
    console.info(`[fuzz] ${cases} cases in ${seconds.toFixed(1)} s over ${routes.length} routes; data compared ${checks} times\n`
      + `[fuzz] answers: ${byStatus}\n[fuzz] routes: ${names.join(', ')}`)
    expect(cases).toBeGreaterThanOrEqual(RUNS)

    // Still up, still serving: the signed-in user reads, a new user signs up.
    expect((await world.self.user.call('GET', `/api/users/${world.self.user.id}/projects`)).status).toBe(200)
    await signUp()
  }, 240_000)
})
