// Every /api path no route answers, and every method a route does not take: a 404 in JSON
// (docs/api.md, "Conventions"). Without it Nuxt's page renderer (the router's catch-all) took them, so curl got a 302 to
// the sign-in page or an HTML page. Answered directly, not thrown, so it costs no more than a small
// successful answer (no error object, stack trace or error hooks). Unnamed on purpose: radix3 does
// not fall back to a named `[...path]` catch-all for a method the matched route lacks.
export default defineEventHandler((event) => {
  const path = event.path.split('?')[0]!
  const body = errorBody(404, `No API route for ${event.method} ${path.length > 100 ? `${path.slice(0, 100)}…` : path}`)
  setResponseStatus(event, body.statusCode, body.statusMessage)
  return body
})
