// A session that ends while a page is open (expired cookie, signed out in another tab) turns the
// next API answer into a 401: send the user to sign-in, and back here afterwards, instead of
// leaving them with a toast they cannot act on.
export default defineNuxtPlugin((nuxtApp) => {
  const { loggedIn, clear } = useUserSession()
  globalThis.$fetch = $fetch.create({
    async onResponseError({ request, response }) {
      // Once the session is cleared, the page's own refetches answer 401 too: handle the first only.
      if (response.status !== 401 || !loggedIn.value || !String(request).startsWith('/api/users/')) return
      const here = await nuxtApp.runWithContext(() => useRoute().fullPath)
      await clear()
      await nuxtApp.runWithContext(() => navigateTo({ path: '/login', query: { redirect: here } }))
    },
  })
})
