// First, so every API answer carries its CSP, errors included. The headers every answer carries
// (nosniff, no framing, the Referrer-Policy) are a route rule (nuxt.config.ts), so the built files
// Nitro serves before any middleware get them too. Pages get their nonce CSP when they are
// rendered (plugins/page-csp.ts); in development they get none (Vite's client is inline).
export default defineEventHandler((event) => {
  if (event.path.startsWith('/api/')) setResponseHeader(event, 'Content-Security-Policy', API_CONTENT_SECURITY_POLICY)
})
