// After each navigation to another page, focus goes to its heading (not to <body>), so a
// keyboard or screen-reader user starts at the new page's top and hears where they are. The
// first load keeps the browser's own start; a change of the query only (a sort, a filter) keeps
// focus where it is.
export default defineNuxtPlugin((nuxtApp) => {
  const router = useRouter()
  let shownPath = router.currentRoute.value.path
  nuxtApp.hook('page:finish', () => {
    const path = router.currentRoute.value.path
    if (path === shownPath) return
    shownPath = path
    requestAnimationFrame(() => {
      const heading = document.querySelector<HTMLElement>('main h1')
      if (!heading) return
      if (!heading.hasAttribute('tabindex')) heading.tabIndex = -1
      heading.focus({ preventScroll: true })
    })
  })
})
