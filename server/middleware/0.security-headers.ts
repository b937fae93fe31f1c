// First, so every answer carries them, errors included. Pages get their nonce CSP when they are
// rendered (plugins/page-csp.ts); in development they get none (Vite's client is inline).
export default defineEventHandler((event) => {
  setResponseHeaders(event, BASE_SECURITY_HEADERS)
  if (event.path.startsWith('/api/')) setResponseHeader(event, 'Content-Security-Policy', API_CONTENT_SECURITY_POLICY)
})
