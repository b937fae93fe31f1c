import { sessionIsCurrent } from '#server/database/queries/users'

// The pages learn who is signed in from nuxt-auth-utils' GET /api/_auth/session, which only
// unseals the cookie. A revoked cookie must not show a signed-in page either: check its version.
export default defineNitroPlugin(() => {
  sessionHooks.hook('fetch', async (session, event) => {
    const sealed = sealedSessionOf(session)
    if (sealed && await sessionIsCurrent(await useDb(), sealed.user.id, sealed.sessionVersion)) return
    await clearUserSession(event)
    throw unauthorized('Not signed in')
  })
})
