import fc from 'fast-check'
import type { z } from 'zod'
import { ORDER_BY_COLUMNS } from '#shared/utils/order-by'
import { paramKind, type RouteTemplate } from './routes'
import { defOf, lengthsOf, type RouteBody } from './schemas'
import type { Party, World } from './world'

// Random requests as plain data (so fast-check can print and shrink them); ids are symbolic —
// "one of self's chats" — and become numbers only when the request is sent, against the world as
// it is then.

type Who = 'self' | 'other'
type IdKind = 'user' | 'project' | 'chat' | 'message'
export type Segment = { ref: Who, kind: IdKind, index: number } | { literal: string }
type CookieKind = 'none' | 'self' | 'other' | 'tampered' | 'garbage' | 'self-with-junk' | 'self-twice-other-first' | 'empty'

export interface RequestSpec {
  method: string
  segments: Segment[]
  query: [string, string | Segment][]
  rawQuery?: string
  headers: [string, string][]
  cookie: CookieKind
  body?: { json: unknown } | { raw: string }
}

/** What the database cannot store: a NUL byte, lone surrogates of both halves. */
export const BAD_TEXT = ['\u0000', '\uD800', '\uDFFF', '\uDBFF\u0041'] as const

/** Text a field would take, with a NUL byte or a lone surrogate put somewhere in it. */
const badText = fc.tuple(fc.constantFrom('Fuzz', 'x', 'correct horse battery', 'fuzz@example.test', ''), fc.constantFrom(...BAD_TEXT), fc.nat())
  .map(([good, bad, at]) => good.slice(0, at % (good.length + 1)) + bad + good.slice(at % (good.length + 1)))

const text = (maxLength = 40) => fc.oneof(
  fc.string({ maxLength }),
  fc.string({ unit: 'grapheme', maxLength }),
  fc.string({ unit: 'binary', maxLength }),
  badText,
  fc.constantFrom('', ' ', 'a', '\'; DROP TABLE chat_conversation; --', '<script>alert(1)</script>', '../../etc/passwd', '${7*7}', '%s%n', '\u202E', '🧑‍🚀', 'A'.repeat(201), 'null', '__proto__'),
)

const INT_EDGES = [0, 1, -1, 2, 2_147_483_647, 2_147_483_648, -2_147_483_648, Number.MAX_SAFE_INTEGER, 1.5, 1e21, -0]
const number = fc.oneof(fc.constantFrom(...INT_EDGES), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }))

const weirdSegment = fc.oneof(
  fc.constantFrom('0', '-1', '1.5', '1e3', '01', '+1', '0x10', '2147483647', '2147483648', '99999999999999999999', 'NaN', 'null',
    'true', '%20', '%2F', '%2e%2e', '%E0%A4%A', '%', '%ZZ', '%00', 'me', '*', '[object Object]', '%201', '1%20', '1,2', '%D9%A1', '..', '.', ''),
  fc.nat({ max: 100_000 }).map(String),
  fc.integer().map(String),
  fc.string({ unit: 'grapheme', maxLength: 12 }).map(encodeURIComponent),
)

function idSegment(kind: IdKind): fc.Arbitrary<Segment> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ ref: fc.constant<Who>('self'), kind: fc.constant(kind), index: fc.nat(5) }) },
    { weight: 2, arbitrary: fc.record({ ref: fc.constant<Who>('other'), kind: fc.constant(kind), index: fc.nat(5) }) },
    { weight: 3, arbitrary: weirdSegment.map(literal => ({ literal })) },
  )
}

function pathOf(route: RouteTemplate): fc.Arbitrary<Segment[]> {
  const exact = fc.tuple(...route.segments.map((segment) => {
    if (typeof segment === 'string') return fc.constant<Segment>({ literal: segment })
    const kind = paramKind(segment.param)
    return kind === 'other' ? idSegment('chat') : idSegment(kind)
  }))
  return fc.oneof(
    { weight: 12, arbitrary: exact },
    // One segment more, one fewer, or a literal one replaced: neighbouring routes and 404s.
    { weight: 1, arbitrary: fc.tuple(exact, weirdSegment).map(([segments, extra]) => [...segments, { literal: extra }]) },
    { weight: 1, arbitrary: exact.map(segments => segments.slice(0, -1)) },
    { weight: 1, arbitrary: fc.tuple(exact, fc.nat(), weirdSegment).map(([segments, at, extra]) => segments.map((s, i) => i === at % segments.length ? { literal: extra } : s)) },
  )
}

const orderBy = fc.tuple(
  fc.array(fc.tuple(fc.constantFrom(...ORDER_BY_COLUMNS, 'ID', 'nope', '', 'name;', 'c.id'), fc.constantFrom('asc', 'desc', 'ASC', 'up', '', 'asc:desc')), { maxLength: 4 }),
  fc.constantFrom(',', ', ', ',,'),
).map(([keys, separator]) => keys.map(([column, direction]) => direction ? `${column}:${direction}` : column).join(separator))

const queryValue: fc.Arbitrary<string | Segment> = fc.oneof(
  orderBy,
  idSegment('message'),
  weirdSegment,
  text(20),
)
const query = fc.array(fc.tuple(fc.constantFrom('order_by', 'order_by', 'expected_last_message_id', 'expected_last_message_id', 'limit', 'cursor', 'redirect', 'q', '__proto__', 'order_by[]', ''), queryValue), { maxLength: 3 })
const rawQuery = fc.constantFrom('?', '?&&', '?%', '?order_by', '?order_by=', '?a[b]=c', '?order_by=%E0%A4%A', '?expected_last_message_id=1&expected_last_message_id=2', '?=x', '?%00=1')

const FORBIDDEN_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'expect', 'te', 'trailer', 'cookie'])
const headerName = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/).filter(name => !FORBIDDEN_HEADERS.has(name))
const headerValue = fc.oneof(
  fc.string({ unit: 'binary-ascii', maxLength: 40 }).map(value => value.replace(/[^\x20-\x7E]/g, '').trim()),
  fc.constantFrom('https://evil.example', 'null', 'same-origin', 'cross-site', '127.0.0.1', 'Bearer nk_x', 'bytes=0-1', '*'),
)
// HTML answers to API errors go through Nuxt's error page (a server render): kept rare, they are slow.
const headers: fc.Arbitrary<[string, string][]> = fc.tuple(
  fc.option(fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/merge-patch+json', 'garbage'), { freq: 2, nil: undefined }),
  fc.option(fc.constantFrom('application/json', 'application/json', 'application/json', '*/*', 'text/html', 'text/html, application/json'), { freq: 2, nil: undefined }),
  fc.array(fc.tuple(fc.oneof(headerName, fc.constantFrom('origin', 'sec-fetch-site', 'x-forwarded-for', 'x-forwarded-host', 'authorization', 'if-none-match', 'range', 'accept-encoding')), headerValue), { maxLength: 3 }),
).map(([contentType, accept, extra]) => [
  ...(contentType ? [['content-type', contentType] as [string, string]] : []),
  ...(accept ? [['accept', accept] as [string, string]] : []),
  ...extra,
])

const cookie = fc.constantFrom<CookieKind>('self', 'self', 'self', 'self', 'none', 'other', 'tampered', 'garbage', 'self-with-junk', 'self-twice-other-first', 'empty')

// Field names the routes read, each with values near and far from what it takes.
const chatIds = fc.oneof(
  fc.array(idSegment('chat'), { maxLength: 4 }),
  fc.array(number, { maxLength: 5 }),
  fc.constantFrom(1000, 1001).map(n => Array.from({ length: n }, (_, i) => i + 1)),
)
const messages = fc.oneof(
  fc.array(fc.record({ actor: fc.constantFrom('user', 'assistant', 'system'), message: fc.constantFrom('hello', 'a', '…') }), { minLength: 1, maxLength: 3 }),
  fc.array(fc.record({
    actor: fc.oneof(fc.constantFrom('user', 'assistant', 'system'), text(10)),
    message: fc.oneof(text(60), fc.constant('')),
  }, { requiredKeys: [] }), { maxLength: 4 }),
)
const FIELDS: Record<string, fc.Arbitrary<unknown>> = {
  email: fc.oneof(fc.emailAddress(), text(30), fc.constant('USER@Example.TEST')),
  password: fc.oneof(fc.constant('correct horse battery'), text(30)),
  name: fc.oneof({ weight: 2, arbitrary: fc.constantFrom('Fuzz', 'x', ' padded ') }, { weight: 1, arbitrary: text(60) }),
  description: fc.oneof(text(60), fc.constant(null)),
  model: fc.oneof(fc.constant('google/gemma-2-27b-it'), text(30)),
  messages,
  chat_ids: chatIds,
  actor: fc.constantFrom('user', 'assistant', 'system'),
  message: text(60),
  current_password: fc.oneof(fc.constant('correct horse battery'), text(20)),
  new_password: text(30),
  expected_last_message_id: fc.oneof(idSegment('message'), number),
}
const anyValue: fc.Arbitrary<unknown> = fc.oneof(text(30), number, fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 3 }))
const objectBody = fc.dictionary(fc.constantFrom(...Object.keys(FIELDS)), anyValue, { maxKeys: 3 })
const nearValidBody = fc.record(FIELDS, { requiredKeys: [] })

const body: fc.Arbitrary<RequestSpec['body']> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 6, arbitrary: nearValidBody.map(json => ({ json })) },
  { weight: 2, arbitrary: objectBody.map(json => ({ json })) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map(json => ({ json })) },
  { weight: 1, arbitrary: fc.oneof(text(80), fc.constantFrom('{', '{"a":', '[1,', 'nul', '{"chat_ids":[1,]}', '\uFEFF{}', '{"__proto__":{"x":1}}', '{"messages":{"length":1}}'))
    .map(raw => ({ raw })) },
)

/**
 * Bodies shaped by the route's own schema: every field it has, each leaf a value its name is
 * known to take (FIELDS), or one built from the schema's limits, or bad text in any string field.
 */
function fromSchema(schema: z.ZodType, name?: string): fc.Arbitrary<unknown> {
  const def = defOf(schema)
  const named = name === undefined ? undefined : FIELDS[name]
  switch (def.type) {
    case 'optional':
      return fc.option(fromSchema(def.innerType!, name), { nil: undefined, freq: 4 })
    case 'nullable':
      return fc.option(fromSchema(def.innerType!, name), { nil: null, freq: 4 })
    case 'default':
      return fc.option(fromSchema(def.innerType!, name), { nil: undefined, freq: 4 })
    case 'pipe':
      return fromSchema(def.in!, name)
    case 'object': {
      const fields = Object.fromEntries(Object.entries(def.shape ?? {}).map(([key, child]) => [key, fromSchema(child, key)]))
      return fc.oneof({ weight: 4, arbitrary: fc.record(fields) }, { weight: 1, arbitrary: fc.record(fields, { requiredKeys: [] }) })
    }
    case 'array': {
      const items = fc.array(fromSchema(def.element!), { maxLength: Math.min(lengthsOf(schema).max ?? 3, 3) })
      return named && defOf(def.element!).type !== 'object' ? fc.oneof(named, items) : items
    }
    case 'string': {
      const { minLength, maxLength, format } = schema as z.ZodString
      const built = format === 'email'
        ? fc.emailAddress()
        : fc.string({ minLength: minLength ?? 0, maxLength: Math.max(minLength ?? 0, Math.min(maxLength ?? 40, 40)) })
      return fc.oneof({ weight: 4, arbitrary: named ?? built }, { weight: 1, arbitrary: built }, { weight: 2, arbitrary: badText })
    }
    case 'enum':
      return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...(schema as z.ZodEnum).options) }, { weight: 1, arbitrary: text(10) })
    case 'number':
      return named ?? number
    case 'boolean':
      return fc.oneof(fc.boolean(), anyValue)
    default:
      return named ?? anyValue
  }
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD']

/** Random requests to these routes; a route with a JSON body schema mostly gets bodies of its shape. */
export function requestSpec(routes: RouteTemplate[], bodies: ReadonlyMap<RouteTemplate, RouteBody> = new Map()): fc.Arbitrary<RequestSpec> {
  const api = routes.filter(route => route.kind === 'api')
  const pages = routes.filter(route => route.kind === 'page')
  const route = fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...api) },
    { weight: 1, arbitrary: fc.constantFrom(...pages) },
  )
  const shaped = new Map([...bodies].map(([template, { schema }]) => [template, fromSchema(schema).map(json => ({ json }))]))
  return route.chain(template => fc.record({
    method: fc.oneof({ weight: 8, arbitrary: fc.constant(template.method ?? 'GET') }, { weight: 1, arbitrary: fc.constantFrom(...METHODS) }),
    segments: pathOf(template),
    query,
    rawQuery: fc.option(rawQuery, { freq: 10, nil: undefined }),
    headers,
    cookie,
    body: shaped.has(template) ? fc.oneof({ weight: 3, arbitrary: shaped.get(template)! }, { weight: 1, arbitrary: body }) : body,
  }, { requiredKeys: ['method', 'segments', 'query', 'headers', 'cookie', 'body'] }))
}

// ——— from spec to request, against the world as it is now ———

function partyOf(world: World, who: Who): Party {
  return who === 'self' ? world.self : world.other
}

function resolveSegment(world: World, segment: Segment): string {
  if ('literal' in segment) return segment.literal
  const party = partyOf(world, segment.ref)
  switch (segment.kind) {
    case 'user':
      return String(party.user.id)
    case 'project':
      return String(party.projectId)
    case 'chat':
      return String(party.chatIds[segment.index % party.chatIds.length] ?? 1)
    case 'message':
      return String(party.lastMessageIds[segment.index % party.lastMessageIds.length] ?? 1)
  }
}

function isSegment(value: unknown): value is Segment {
  return !!value && typeof value === 'object' && ('ref' in value || 'literal' in value) && Object.keys(value).every(key => ['ref', 'kind', 'index', 'literal'].includes(key))
}

/** Symbolic ids inside a body become numbers. */
function resolveValue(world: World, value: unknown): unknown {
  if (isSegment(value)) {
    const resolved = resolveSegment(world, value)
    return /^\d+$/.test(resolved) ? Number(resolved) : resolved
  }
  if (Array.isArray(value)) return value.map(item => resolveValue(world, item))
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveValue(world, item)]))
  return value
}

function cookieHeader(world: World, kind: CookieKind): string | undefined {
  const self = world.self.user.cookie
  const other = world.other.user.cookie
  switch (kind) {
    case 'none':
      return undefined
    case 'self':
      return self
    case 'other':
      return other
    case 'tampered': {
      // One character of the sealed value changed: the seal must fail, not yield a user.
      const at = self.length - 10
      return self.slice(0, at) + (self[at] === 'A' ? 'B' : 'A') + self.slice(at + 1)
    }
    case 'garbage':
      return 'neptun-session=Fe26.2**not-a-seal*'
    case 'self-with-junk':
      return `a=b; ${self}; c=%ZZ`
    case 'self-twice-other-first':
      return `${other}; ${self}`
    case 'empty':
      return 'neptun-session='
  }
}

export interface ResolvedRequest {
  method: string
  path: string
  headers: Record<string, string>
  body?: string
}

/**
 * encodeURIComponent, except that a lone surrogate (which it refuses) is sent as the three bytes
 * a lax UTF-8 encoder would write for it (`%ED%A0%80`): the server must refuse those too.
 */
function encodeQueryPart(value: string): string {
  return [...value].map((char) => {
    if (char.isWellFormed()) return encodeURIComponent(char)
    const unit = char.charCodeAt(0)
    return [0xED, 0x80 | ((unit >> 6) & 0x3F), 0x80 | (unit & 0x3F)].map(byte => `%${byte.toString(16).toUpperCase()}`).join('')
  }).join('')
}

export function resolveRequest(world: World, spec: RequestSpec): ResolvedRequest {
  const path = '/' + spec.segments.map(segment => resolveSegment(world, segment)).join('/')
  const search = spec.rawQuery ?? (spec.query.length
    ? '?' + spec.query.map(([key, value]) => `${encodeQueryPart(key)}=${encodeQueryPart(typeof value === 'string' ? value : resolveSegment(world, value))}`).join('&')
    : '')
  const headers: Record<string, string> = Object.fromEntries(spec.headers)
  const cookie = cookieHeader(world, spec.cookie)
  if (cookie) headers.cookie = cookie
  let body: string | undefined
  if (spec.body && spec.method !== 'GET' && spec.method !== 'HEAD') {
    body = 'raw' in spec.body
      ? spec.body.raw
      : JSON.stringify(resolveValue(world, spec.body.json)) ?? 'null'
    headers['content-type'] ??= 'application/json'
  }
  return { method: spec.method, path: path + search, headers, body }
}

/** Who may have changed data when the request succeeded: the cookie's owner, nobody else. */
export function actorOf(spec: RequestSpec): Who | 'nobody' | 'either' {
  if (spec.cookie === 'self' || spec.cookie === 'self-with-junk') return 'self'
  if (spec.cookie === 'other') return 'other'
  if (spec.cookie === 'self-twice-other-first') return 'either'
  return 'nobody'
}
