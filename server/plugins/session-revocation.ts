import { sessionIsCurrent } from '#server/database/queries/users'

// The pages learn who is signed in from nuxt-auth-utils' GET /api/_auth/session, which only
// unseals the cookie. A revoked cookie must not show a signed-in page either: check its version.
export default defineNitroPlugin(() => {
  sessionHooks.hook('fetch', async (session, event) => {
    const version = session.secure?.session_version
    const current = session.user && typeof version === 'number' && await sessionIsCurrent(await useDb(), session.user.id, version)
    if (current) return
    await clearUserSession(event)
    throw unauthorized('Not signed in')
  })
})
