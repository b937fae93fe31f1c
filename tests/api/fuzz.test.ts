import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { request, signUp } from '../helpers/client'
import { actorOf, BAD_TEXT, requestSpec, resolveRequest } from '../fuzz/arbitraries'
import { discoverRoutes, paramKind, routeName, type RouteTemplate } from '../fuzz/routes'
import { bodyOf, concretePath, fieldName, readsOtherBody, sampleOf, stringFields, withValueAt, type RouteBody } from '../fuzz/schemas'
import { fingerprint, hasBadText, makeParty, makeWorld, refresh, signInAgain, type World } from '../fuzz/world'

// Property-based: random requests to every route (paths, queries, bodies, headers, cookies), each
// checked against four properties — never a 5xx; nothing changed unless the answer is 2xx; a 2xx
// changes only the data of the cookie's owner; a body with bad text (a NUL byte, a lone surrogate)
// in any string is never a 2xx, and no stored text is bad. A route with a JSON body mostly gets
// bodies of its own schema's shape (tests/fuzz/schemas.ts), with bad text in any of its string
// fields; and every string field of every schema gets both kinds of bad text once, on purpose.
// FUZZ_RUNS sets the number of cases; FUZZ_SEED replays a failing run (fast-check prints the seed
// and the shrunk request).
//
// The data is compared after every POST, PUT, PATCH and DELETE, and after every 8th other request
// (reading both users' data costs four requests: doing it after every GET would halve the cases).

const RUNS = Number(process.env.FUZZ_RUNS) || 2000
const READS_CHECKED_EVERY = 8
const routes = discoverRoutes()
/** The JSON body schema of each route that reads one. */
const bodies = new Map<RouteTemplate, RouteBody>()
let world: World

beforeAll(async () => {
  for (const route of routes.filter(route => route.kind === 'api')) {
    const body = await bodyOf(route)
    if (body) bodies.set(route, body)
  }
  world = await makeWorld()
})

/** Whether a JSON text holds a string (value or property name) the text rule refuses. */
function carriesBadText(body: string | undefined): boolean {
  if (body === undefined) return false
  try {
    return hasBadText(JSON.parse(body))
  }
  catch {
    return false
  }
}

/**
 * A 2xx of the password route changed the cookie owner's password to the body's `new_password`:
 * the re-sign-in after the session ends must use it.
 */
function rememberNewPassword(spec: Parameters<typeof actorOf>[0], path: string, body: string | undefined): void {
  // Two cookies ('either'): the server went with the one whose owner the path names.
  const named = (['self', 'other'] as const).find(who => path.startsWith(`/api/users/${world[who].user.id}/`))
  const actor = actorOf(spec) === 'either' ? named : actorOf(spec)
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

    let badTextSent = 0
    await fc.assert(fc.asyncProperty(requestSpec(routes, bodies), async (spec) => {
      const sent = resolveRequest(world, spec)
      cases++
      const answer = await request(sent.method, sent.path, { headers: sent.headers, raw: sent.body })
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1)
      expect(answer.status, `${sent.method} ${sent.path} → ${answer.text.slice(0, 300)}`).toBeLessThan(500)
      // Routes that read no body ignore one: only a route that reads JSON must refuse bad text in it.
      if (carriesBadText(sent.body) && readsJsonBody(sent.method, sent.path)) {
        badTextSent++
        expect(answer.status, `${sent.method} ${sent.path} took bad text: ${answer.text.slice(0, 300)}`).not.toBeLessThan(300)
      }
      if (answer.status >= 400 && sent.method !== 'HEAD' && answer.headers.get('content-type')?.startsWith('application/json')) {
        // The seeds' error shape, whatever went wrong.
        expect(answer.body, `${sent.method} ${sent.path} → ${answer.text.slice(0, 300)}`).toMatchObject({
          statusCode: answer.status, statusMessage: expect.any(String), message: expect.any(String),
        })
      }

      const writes = !['GET', 'HEAD', 'OPTIONS'].includes(sent.method)
      if (!writes && cases % READS_CHECKED_EVERY !== 0) return
      checks++
      // A 2xx DELETE /api/users/:id deleted that account: fuzz a new one in its place.
      const deleted = answer.status >= 200 && answer.status < 300 && sent.method === 'DELETE'
        ? (['self', 'other'] as const).find(who => new RegExp(`^/api/users/${world[who].user.id}/?(?:\\?|$)`).test(sent.path))
        : undefined
      if (deleted) {
        expect(actorOf(spec), 'an account was deleted without its cookie').toMatch(deleted === 'self' ? /^(self|either)$/ : /^(other|either)$/)
        world[deleted] = await makeParty()
        baseline = await bothFingerprints()
        return
      }
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
    const names = routes.map(routeName)
    console.info(`[fuzz] ${cases} cases in ${seconds.toFixed(1)} s over ${routes.length} routes; data compared ${checks} times; `
      + `${badTextSent} bodies with bad text to routes that read one\n[fuzz] answers: ${byStatus}\n[fuzz] routes: ${names.join(', ')}`)
    expect(cases).toBeGreaterThanOrEqual(RUNS)

    // Still up, still serving: the signed-in user reads, a new user signs up.
    expect((await world.self.user.call('GET', `/api/users/${world.self.user.id}/projects`)).status).toBe(200)
    await signUp()
  }, 600_000)
})

/** Whether this method and path reach a route that reads a JSON body (by the route's template). */
function readsJsonBody(method: string, path: string): boolean {
  const segments = path.split('?')[0]!.split('/').slice(1)
  return [...bodies.keys()].some(route => (route.method ?? method) === method && route.segments.length === segments.length
    && route.segments.every((segment, i) => typeof segment !== 'string' || segment === segments[i]))
}

/** The route's path for the fuzzed user: its own ids. */
function pathFor(route: RouteTemplate): string {
  return '/' + route.segments.map((segment) => {
    if (typeof segment === 'string') return segment
    switch (paramKind(segment.param)) {
      case 'user': return String(world.self.user.id)
      case 'project': return String(world.self.projectId)
      case 'chat': return String(world.self.chatIds[0])
      default: return '1'
    }
  }).join('/')
}

describe('every string field of every route\'s body schema', () => {
  it('a NUL byte or a lone surrogate in it → 400 naming the field, nothing changed', async () => {
    const covered: string[] = []
    const before = await Promise.all([fingerprint(world.self), fingerprint(world.other)])
    for (const [route, { name, schema }] of bodies) {
      const fields = stringFields(schema)
      for (const path of fields) {
        for (const bad of BAD_TEXT) {
          const json = withValueAt(sampleOf(schema), path, `a${bad}b`)
          const answer = await world.self.user.call(route.method ?? 'POST', pathFor(route), { json })
          const what = `${routeName(route)} ${fieldName(path)} ${JSON.stringify(bad)}`
          expect(answer.status, `${what} → ${answer.text}`).toBe(400)
          const issue = answer.body?.data?.issues?.[0]
          expect(issue, what).toMatchObject({ code: 'custom', path: concretePath(path), message: expect.stringContaining('NUL bytes or unpaired surrogates') })
        }
      }
      covered.push(`${routeName(route)} (${name}): ${fields.map(fieldName).join(', ') || 'no string fields'}`)
    }
    expect(await Promise.all([fingerprint(world.self), fingerprint(world.other)])).toEqual(before)
    const others = routes.filter(route => route.kind === 'api' && !bodies.has(route) && readsOtherBody(route)).map(routeName)
    console.info(`[fuzz] bad text in every string field of every body schema:\n  ${covered.join('\n  ')}`
      + (others.length ? `\n[fuzz] routes that read a body other than JSON (not covered here): ${others.join(', ')}` : ''))
    // The routes known to take text today: a discovery that finds fewer has gone wrong.
    expect(covered.filter(line => !line.endsWith('no string fields')).length).toBeGreaterThanOrEqual(7)
  })
})
