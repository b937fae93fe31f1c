import { revokeSessions } from '#server/database/queries/users'

// Sign-out ends this session and every copy of it, on every instance: the account's session
// version moves on, so the cookie (and any other cookie of this user) no longer unlocks anything.
export default defineEventHandler(async (event) => {
  const session = await getUserSession(event)
  const version = session.secure?.session_version
  if (session.user && typeof version === 'number') await revokeSessions(await useDb(), session.user.id, version)
  await clearUserSession(event)
  setResponseStatus(event, 204, 'No Content')
  return null
})
