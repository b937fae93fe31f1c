import type { H3Error } from 'h3'

// API errors are answered here, as compact JSON (errorBody, docs/api.md "Conventions"), whatever
// Accept says: Nuxt's own handler would render its error page (a whole SSR pass) for a
// browser-like Accept header. Other paths fall through to Nuxt's handler (the error page).
export default defineNitroErrorHandler((error: H3Error, event) => {
  if (!event.path.startsWith('/api/')) return
  const sensitive = error.unhandled || error.fatal
  if (sensitive) console.error(`[request error] [${event.method}] ${event.path} request_id=${requestIdOf(event)}\n`, error)
  const statusCode = error.statusCode || 500
  const body = sensitive
    ? errorBody(statusCode, 'Server Error', undefined, 'Server Error')
    : errorBody(statusCode, error.message, error.data, error.statusMessage || 'Server Error')
  setResponseStatus(event, statusCode, body.statusMessage)
  setResponseHeaders(event, { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' })
  return send(event, JSON.stringify(body))
})
