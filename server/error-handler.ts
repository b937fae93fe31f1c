import type { H3Error, H3Event } from 'h3'
import { defineNitroErrorHandler } from 'nitropack/runtime'
import type { ApiErrorBody } from '#shared/types/api'
import { summarizeDatabaseError } from '#server/database/errors'
import { errorBody } from '#server/utils/errors'
import { requestIdOf } from '#server/utils/request-id'

// The first of Nitro's error handlers (nuxt.config.ts puts it before Nuxt's and Nitro's own), so
// every route, middleware and page shares it. It renders nothing itself: it rewrites database
// errors, and the handlers after it answer — JSON for the API, the error page for pages.
//
// - The database down, silent or too slow, or the pool's queue too long → 503 Service Unavailable
//   with Retry-After, not a 500 or a hang.
// - A row lock held by another request for longer than DATABASE_LOCK_TIMEOUT_MS → 429 with
//   Retry-After: the request gave its pooled connection back instead of queueing on it.
// - Any other database error → a 500 that says nothing, and one log line with SQLSTATE, constraint
//   and the statement's verb and table: never drizzle's message, which holds the SQL parameters.
const FAULT_MESSAGES = {
  timeout: 'The database did not answer in time; try again shortly',
  unavailable: 'The database is unavailable; try again shortly',
  overloaded: 'The server is busy; try again shortly',
} as const

export default defineNitroErrorHandler((error: H3Error, event) => {
  dropMalformedForwardedHost(event)
  const summary = summarizeDatabaseError(error)
  if (!summary) return
  const route = `${event.method} ${event.path.split('?')[0]} request_id=${requestIdOf(event)}`
  if (summary.fault === 'busy') {
    setResponseHeader(event, 'Retry-After', 1)
    rewrite(error, errorBody(429, 'Another request is changing the same data; try again shortly'))
    return
  }
  if (summary.fault) {
    console.warn(`[neptun] database ${summary.fault} → 503 ${route}`, JSON.stringify(summary))
    setResponseHeader(event, 'Retry-After', 1)
    rewrite(error, errorBody(503, FAULT_MESSAGES[summary.fault]))
    return
  }
  console.error(`[neptun] database error → 500 ${route}`, JSON.stringify(summary))
  rewrite(error, errorBody(500, 'Internal Server Error'))
})

/**
 * Nuxt's and Nitro's error handlers build the request URL from X-Forwarded-Host; one that is not a
 * host (`:n<C`, found by the fuzz tests) makes them throw, and the answer loses its message while
 * a stack trace is logged per request. Such a header is dropped: the answer is the error's own.
 */
function dropMalformedForwardedHost(event: H3Event) {
  const raw = event.node.req.headers['x-forwarded-host']
  if (raw === undefined) return
  const first = (Array.isArray(raw) ? raw[0] : raw)?.split(',')[0]?.trim() ?? ''
  try {
    if (new URL(`http://${first}`).host !== '') return
  }
  catch {
    // not a host: dropped below
  }
  delete event.node.req.headers['x-forwarded-host']
}

/** Handled from here on: the handlers after this one neither log it again nor hide the status. */
function rewrite(error: H3Error, body: ApiErrorBody) {
  error.statusCode = body.statusCode
  error.statusMessage = body.statusMessage
  error.message = body.message
  error.unhandled = false
  error.data = undefined
  error.cause = undefined
}
