import { z } from 'zod'
import { API_KEY_SCOPES } from '#shared/utils/api-scopes'
import { ErrorBodySchema, v1Routes, type V1Route } from './contract'

// /api/v1/openapi.json: the OpenAPI 3.1 document of every v1 route, built from the zod schemas the
// routes validate with (contract.ts) by zod's own z.toJSONSchema — no second, hand-written copy.
// Request schemas are described as the client sends them (io: 'input'), answers as the server
// sends them. Schemas with a meta id become components.

type Json = Record<string, unknown>

/** Every route's answers besides its own: bad input, no key, no scope, rate limit, server trouble. */
const COMMON_ERRORS = [400, 401, 403, 429, 500, 503] as const
const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid input (path, query, body or Idempotency-Key header)',
  401: 'No key, or one that is malformed, unknown, revoked or expired',
  403: 'The key lacks the route\'s scope',
  404: 'Not found, or another account\'s',
  409: 'Conflict: the chat has live connections (deletes), its last message is not the expected one (trim), or a request with this Idempotency-Key is still running',
  422: 'This Idempotency-Key was already used for another request (method, path or body)',
  429: 'The key is over its rate limit',
  500: 'Server error',
  503: 'The database is unavailable or too slow',
}

const header = (description: string, schema: Json = { type: 'string' }) => ({ description, schema })
const HEADERS = {
  'X-Request-Id': header('This request\'s id (the client\'s own, when sane); quote it to support'),
  'Cache-Control': header('Always no-store', { type: 'string', const: 'no-store' }),
  'RateLimit-Limit': header('Requests allowed per key per minute', { type: 'string', pattern: '^\\d+$' }),
  'RateLimit-Remaining': header('Requests left this minute', { type: 'string', pattern: '^\\d+$' }),
  'RateLimit-Reset': header('Seconds until the minute ends', { type: 'string', pattern: '^\\d+$' }),
  'Retry-After': header('Seconds to wait before retrying', { type: 'string', pattern: '^\\d+$' }),
  'WWW-Authenticate': header('The scheme to authenticate with (RFC 6750)', { type: 'string', pattern: '^Bearer realm="neptun-v1"' }),
  'Neptun-Receipt-Id': header('The deletion receipt\'s id (GET /api/v1/receipts/{receipt_id})', { type: 'string', format: 'uuid' }),
  'Idempotent-Replayed': header('Present on an answer replayed for a retry with the same Idempotency-Key', { type: 'string', const: 'true' }),
  'Original-Request-Id': header('On a replayed answer: the X-Request-Id of the request that produced it'),
}
type HeaderName = keyof typeof HEADERS

/** POST and DELETE take an Idempotency-Key (server/v1/idempotency.ts). */
const idempotent = (route: V1Route) => route.method !== 'GET'
const IDEMPOTENCY_ERRORS = [409, 422] as const
const IDEMPOTENCY_PARAMETER = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description: 'Makes the request safe to retry: the first answer is kept 24 h and replayed (with Idempotent-Replayed: true) to a retry with the same key; the same key with another method, path or body → 422; while the first runs → 409. 5xx, 409, 429 and 503 answers are not kept. Keys are per account.',
  schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x20-\\x7E]+$' },
  example: '6a1f0c1e-2b7d-4a0e-9d7e-0b1c2d3e4f50',
}

/** Which headers an answer carries, and which of them it always carries. */
function headersOf(status: number, route: V1Route): { required: HeaderName[], optional: HeaderName[] } {
  const required: HeaderName[] = ['X-Request-Id', 'Cache-Control']
  const optional: HeaderName[] = []
  if (status === 401) required.push('WWW-Authenticate')
  else if (status === 429) required.push('RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Retry-After')
  else if (status < 500) required.push('RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset')
  // A refused delete may be retried once the sockets close; a trim's 409 means "read again".
  if (status === 503 || (status === 409 && route.operationId === 'deleteChat')) required.push('Retry-After')
  if (status === route.status && route.method === 'DELETE') required.push('Neptun-Receipt-Id')
  if (status === 400 || status >= 500) optional.push('RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset')
  if (idempotent(route) && status < 500 && status !== 409 && status !== 429) optional.push('Idempotent-Replayed', 'Original-Request-Id')
  // The 409 of a request whose Idempotency-Key is still running carries Retry-After: 1.
  if (idempotent(route) && status === 409) optional.push('Retry-After')
  return { required, optional: optional.filter(name => !required.includes(name)) }
}

/** The JSON Schema of a zod schema; its `$defs` (schemas with a meta id) go to `components`. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output', components: Json): Json {
  const generated = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as Json
  const text = JSON.stringify(generated).replaceAll('"#/$defs/', '"#/components/schemas/')
  const { $schema: _, $defs, ...rest } = JSON.parse(text) as Json & { $defs?: Json }
  Object.assign(components, $defs ?? {})
  return rest
}

function parameters(route: V1Route, components: Json): Json[] {
  const list: Json[] = []
  for (const [where, object] of [['path', route.params], ['query', route.query]] as const) {
    if (!object) continue
    const schema = jsonSchema(object, 'input', components) as { properties?: Record<string, Json>, required?: string[] }
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      const { description, ...rest } = property
      list.push({ name, in: where, required: where === 'path' || (schema.required ?? []).includes(name), ...(description ? { description } : {}), schema: rest })
    }
  }
  return list
}

function responses(route: V1Route, components: Json): Json {
  const answers: Json = {}
  const withHeaders = (status: number) => {
    const { required, optional } = headersOf(status, route)
    return Object.fromEntries([
      ...required.map(name => [name, { ...HEADERS[name], required: true }]),
      ...optional.map(name => [name, HEADERS[name]]),
    ])
  }
  answers[String(route.status)] = {
    description: route.response.description,
    headers: withHeaders(route.status),
    content: { 'application/json': { schema: jsonSchema(route.response.schema, 'output', components) } },
  }
  const errors = new Set<number>([...COMMON_ERRORS, ...route.errors, ...(idempotent(route) ? IDEMPOTENCY_ERRORS : [])])
  for (const status of [...errors].sort()) {
    answers[String(status)] = {
      description: status === 409 && !route.errors.includes(409) ? 'A request with this Idempotency-Key is still running' : ERROR_TEXT[status] ?? 'Error',
      headers: withHeaders(status),
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    }
  }
  return answers
}

function operation(route: V1Route, components: Json): Json {
  const security = [{ ApiKey: [route.scope] }, { Bearer: [route.scope] }]
  return {
    'operationId': route.operationId,
    'summary': route.summary,
    'description': `${route.description ? `${route.description}\n\n` : ''}Requires the \`${route.scope}\` scope.`,
    'x-scope': route.scope,
    security,
    'parameters': [...parameters(route, components), ...(idempotent(route) ? [IDEMPOTENCY_PARAMETER] : [])],
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input', components) } } } } : {}),
    'responses': responses(route, components),
  }
}

/** The document; built once per process (the contract does not change while it runs). */
function buildOpenApiDocument(): Json {
  const components: Json = {}
  jsonSchema(ErrorBodySchema, 'output', components)
  const paths: Record<string, Json> = {}
  for (const route of Object.values(v1Routes) as V1Route[]) {
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route, components)
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Neptun Chats v1 API',
      version: '1',
      description: `The key owner's chats, their messages and deletion receipts, by API key (X-API-Key or Authorization: Bearer). Scopes: ${API_KEY_SCOPES.join(', ')}. Every answer carries X-Request-Id. See docs/api.md.`,
    },
    servers: [{ url: '/' }],
    security: [{ ApiKey: [] }, { Bearer: [] }],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        ApiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'An API key (nk_…) from the settings page' },
        Bearer: { type: 'http', scheme: 'bearer', description: 'The same key as a bearer token' },
      },
    },
  }
}

let document: Json | undefined

export function openApiDocument(): Json {
  return (document ??= buildOpenApiDocument())
}
