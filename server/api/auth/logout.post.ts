export default defineEventHandler(async (event) => {
  await clearUserSession(event)
  setResponseStatus(event, 204, 'No Content')
  return null
})
