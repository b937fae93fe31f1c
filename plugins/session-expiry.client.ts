// A session that ends while a page is open (expired cookie, signed out in another tab) turns the
// next API answer into a 401: send the user to sign-in, and back here afterwards, instead of
// leaving them with a toast they cannot act on. A full load of the sign-in page drops the stale
// client state at once, so no cached list refetches with a user that is gone.
export default defineNuxtPlugin((nuxtApp) => {
  const { loggedIn } = useUserSession()
  let leaving = false
  globalThis.$fetch = $fetch.create({
    async onResponseError({ request, response }) {
      // Signed out on purpose (loggedIn already false), the page's refetches answer 401 too: not ours.
      if (leaving || !loggedIn.value || response.status !== 401 || !String(request).startsWith('/api/users/')) return
      leaving = true
      const here = await nuxtApp.runWithContext(() => useRoute().fullPath)
      await $fetch('/api/auth/logout', { method: 'POST' })
      reloadNuxtApp({ path: `/login?redirect=${encodeURIComponent(here)}` })
    },
  })
})
