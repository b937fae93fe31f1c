// A path no v1 route has: the API's own 404 in the v1 shape, not the web app's redirect to sign-in.
export default defineEventHandler((event) => {
  setResponseHeader(event, 'Cache-Control', 'no-store')
  setResponseStatus(event, 404, 'Not Found')
  return { statusCode: 404, statusMessage: 'Not Found', message: 'No such v1 route' }
})
