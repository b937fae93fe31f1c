// A path no v1 route has: the API's own 404 in the v1 shape, not the web app's redirect to sign-in.
export default defineEventHandler((event) => {
  setResponseHeader(event, 'Cache-Control', 'no-store')
  const body = errorBody(404, 'No such v1 route')
  setResponseStatus(event, body.statusCode, body.statusMessage)
  return body
})
