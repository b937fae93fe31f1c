// Any /api/* path no route serves: a JSON 404 answered directly, not thrown, so it costs no more
// than a small successful answer (no error object, stack trace or error hooks; no page rendered).
export default defineEventHandler((event) => {
  setResponseStatus(event, 404, 'Not Found')
  return { statusCode: 404, statusMessage: 'Not Found', message: 'No such API route' }
})
