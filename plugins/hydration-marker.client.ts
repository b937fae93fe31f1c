// Marks the document once the app is interactive (`<html data-hydrated>`): before that, clicks on
// server-rendered buttons do nothing. The browser tests wait for it before they act.
export default defineNuxtPlugin((nuxtApp) => {
  nuxtApp.hook('app:suspense:resolve', () => {
    document.documentElement.dataset.hydrated = 'true'
  })
})
