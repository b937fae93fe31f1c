import { revokeSessions } from '#server/database/queries/users'

// Sign-out. `?scope=everywhere` (the default) ends this session and every copy of it, on every
// instance: the account's session version moves on, so no cookie of this user unlocks anything.
// `?scope=device` only clears this browser's cookie; the account's other devices stay signed in.
export default defineEventHandler(async (event) => {
  const scope = enumQuery(event, 'scope', ['everywhere', 'device'], 'everywhere')
  const sealed = scope === 'everywhere' ? await readSealedSession(event) : undefined
  if (sealed) await revokeSessions(await useDb(), sealed.user.id, sealed.sessionVersion)
  await clearUserSession(event)
  setResponseStatus(event, 204, 'No Content')
  return null
})
