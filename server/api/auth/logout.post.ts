import { revokeSessions } from '#server/database/queries/users'

// Sign-out ends this session and every copy of it, on every instance: the account's session
// version moves on, so the cookie (and any other cookie of this user) no longer unlocks anything.
export default defineEventHandler(async (event) => {
  const sealed = await readSealedSession(event)
  if (sealed) await revokeSessions(await useDb(), sealed.user.id, sealed.sessionVersion)
  await clearUserSession(event)
  setResponseStatus(event, 204, 'No Content')
  return null
})
