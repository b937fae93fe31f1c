// First, so every answer carries them, errors included; pages replace the CSP (plugins/page-csp).
export default defineEventHandler((event) => {
  setResponseHeaders(event, BASE_SECURITY_HEADERS)
})
