import type { H3Event } from 'h3'
import type { ApiKeyAuth } from './api-key'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * A v1 route: `Cache-Control: no-store` on every answer, the API key checked first, and expected
 * errors (4xx) answered here as exactly `{statusCode, statusMessage, message[, data]}` — Nitro's error
 * handler would add `error`/`url`, indent the JSON and replace the cache header of a 404.
 * Anything else (a 500) still goes to Nitro's handler, which keeps the no-store set here.
 */
export function defineV1Handler<T>(handler: (event: H3Event, auth: ApiKeyAuth) => Promise<T>) {
  return defineEventHandler(async (event) => {
    setResponseHeader(event, 'Cache-Control', 'no-store')
    try {
      return await handler(event, await requireApiKey(event))
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

/** 8-4-4-4-12 hex digits, any case, any version: what Postgres' uuid type takes without a cast error. */
export function isUuid(text: string): boolean {
  return UUID.test(text)
}

/** A path UUID, checked before it gets near SQL (a cast error would be a 500). Lower-cased. */
export function requireUuidParam(event: H3Event, name: string): string {
  const raw = getRouterParam(event, name, { decode: true })
  if (raw === undefined || !isUuid(raw)) throw v1BadRequest(`Invalid ${name}`)
  return raw.toLowerCase()
}

/** `?name=true|false` (absent: false); anything else is a v1 400 `Invalid <name>`. */
export function requireBooleanQuery(event: H3Event, name: string): boolean {
  const raw = getQuery(event)[name]
  if (raw === undefined || raw === 'false') return false
  if (raw === 'true') return true
  throw v1BadRequest(`Invalid ${name}`)
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
