// Signed-out visitors land on sign-in and come back afterwards; signed-in ones skip sign-in.
const PUBLIC_PATHS = new Set(['/login', '/register'])

export default defineNuxtRouteMiddleware((to) => {
  const { loggedIn } = useUserSession()
  const isPublic = PUBLIC_PATHS.has(to.path)
  if (!loggedIn.value && !isPublic) {
    return navigateTo({ path: '/login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } })
  }
  if (loggedIn.value && isPublic) {
    return navigateTo(safeRedirect(to.query.redirect) ?? '/projects')
  }
})
