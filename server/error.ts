import type { H3Error } from 'h3'

// API errors are answered here, as compact JSON in the seeds' shape, whatever Accept says: Nuxt's
// own handler would render its error page (a whole SSR pass) for a browser-like Accept header.
// Other paths fall through to Nuxt's handler (the error page).
export default defineNitroErrorHandler((error: H3Error, event) => {
  if (!event.path.startsWith('/api/')) return
  const sensitive = error.unhandled || error.fatal
  if (sensitive) console.error(`[request error] [${event.method}] ${event.path}\n`, error)
  const statusCode = error.statusCode || 500
  const statusMessage = sensitive ? 'Server Error' : error.statusMessage || 'Server Error'
  const body = { statusCode, statusMessage, message: sensitive ? 'Server Error' : error.message, data: sensitive ? undefined : error.data }
  setResponseStatus(event, statusCode, statusMessage)
  setResponseHeaders(event, { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' })
  return send(event, JSON.stringify(body))
})
