import type { H3Event } from 'h3'
import type { z } from 'zod'
import type { JsonText } from '#shared/types/api'
import { uncleanTextIssue } from '#server/schemas/text'
import { apiError, errorBody } from '#server/utils/errors'
import { requireApiKey, requireScope, type ApiKeyAuth } from './auth'
import { idempotencyKeyOf, runIdempotent } from './idempotency'
import type { V1Route } from './contract'

// One wrapper for every v1 route, so each route file is its one call: `Cache-Control: no-store`;
// the key (401 with WWW-Authenticate, 429); its scope (403); a POST's or DELETE's Idempotency-Key
// (400 if malformed); the path, query and body parsed by the route's contract schemas (400); then
// the handler, whose value is the success answer — run once per Idempotency-Key (idempotency.ts).

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined

/** What a handler may return for a schema's JSON: Dates where the JSON has (ISO) strings. */
type Serializable<T> = T extends string ? T | Date : T extends readonly (infer E)[] ? Serializable<E>[] : T extends object ? { [K in keyof T]: Serializable<T[K]> } : T

export interface V1Input<R extends V1Route> {
  auth: ApiKeyAuth
  params: Parsed<R['params']>
  query: Parsed<R['query']>
  body: Parsed<R['body']>
}

/** A handler's answer: the value (sent as JSON), or JSON text Postgres built (JsonText). */
type V1Answer<R extends V1Route> = Serializable<z.output<R['response']['schema']>> | JsonText<z.output<R['response']['schema']>>

export function defineV1Route<R extends V1Route>(route: R, handler: (event: H3Event, input: V1Input<R>) => Promise<V1Answer<R>>) {
  return answerV1(async (event) => {
    const auth = await requireApiKey(event)
    requireScope(auth, route.scope)
    const idempotencyKey = route.method === 'GET' ? undefined : idempotencyKeyOf(event)
    const input = {
      auth,
      params: parse(route.params, getRouterParams(event, { decode: true })),
      query: parse(route.query, getQuery(event)),
      body: route.body ? parse(route.body, await readV1Json(event)) : undefined,
    } as V1Input<R>
    if (idempotencyKey === undefined) {
      const result = await handler(event, input)
      setResponseStatus(event, route.status)
      if (typeof result === 'string') setResponseHeader(event, 'Content-Type', 'application/json')
      return result
    }
    // The answer as the exact text sent, so a retry can get the same bytes back.
    return runIdempotent(event, auth.userId, idempotencyKey, async () => {
      const result = await handler(event, input)
      setResponseStatus(event, route.status)
      setResponseHeader(event, 'Content-Type', 'application/json')
      return typeof result === 'string' ? result : JSON.stringify(result)
    })
  })
}

/**
 * Expected errors (4xx) answered here as exactly `{statusCode, statusMessage, message[, data]}`:
 * Nitro's error handler would add `error`/`url`, indent the JSON and replace the cache header of
 * a 404. Anything else (a 500) still goes to Nitro's handler, which keeps the no-store set here.
 */
export function answerV1<T>(handler: (event: H3Event) => Promise<T>) {
  return defineEventHandler(async (event) => {
    setResponseHeader(event, 'Cache-Control', 'no-store')
    try {
      return await handler(event)
    }
    catch (error) {
      if (!isError(error) || error.statusCode >= 500) throw error
      setResponseStatus(event, error.statusCode, error.statusMessage)
      return errorBody(error.statusCode, error.message, error.data, error.statusMessage)
    }
  })
}

/** A v1 400: `{statusCode, statusMessage, message}`, no issues list (docs/api.md, "v1 API"). */
export function v1BadRequest(message: string) {
  return apiError(400, message)
}

function parse<S extends z.ZodType | undefined>(schema: S, value: unknown): Parsed<S> {
  if (!schema) return undefined as Parsed<S>
  const result = schema.safeParse(value)
  if (result.success) return result.data as Parsed<S>
  const [issue] = result.error.issues
  const path = issue?.path.filter(key => typeof key !== 'symbol').join('.')
  // Path and query messages name their parameter already; a body's issue says where it is.
  throw v1BadRequest(path && !issue?.message.includes(path) ? `${path}: ${issue?.message}` : issue?.message ?? 'Bad Request')
}

/** The JSON body, every string in it checked by the text rule; not JSON → 400. */
async function readV1Json(event: H3Event): Promise<unknown> {
  const raw = await readRawBody(event, 'utf8')
  let json: unknown
  try {
    json = raw === undefined || raw === '' ? undefined : JSON.parse(raw)
  }
  catch {
    throw v1BadRequest('Body is not valid JSON')
  }
  const unclean = uncleanTextIssue(json)
  if (unclean) throw v1BadRequest(unclean.message)
  return json
}

/** A v1 path's other methods: 405 with Allow, in the v1 shape, instead of the web app's sign-in redirect. */
export function v1MethodNotAllowed(allow: string) {
  return defineEventHandler((event) => {
    setResponseHeaders(event, { 'Cache-Control': 'no-store', 'Allow': allow })
    const body = errorBody(405, `Allowed methods: ${allow}`)
    setResponseStatus(event, body.statusCode, body.statusMessage)
    return body
  })
}
