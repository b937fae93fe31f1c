import { randomBytes } from 'node:crypto'

// Nuxt's server render writes inline scripts (window.__NUXT__ config, the JSON payload) and inlines
// the global CSS in a <style>. Each page gets a fresh nonce on the tags Nuxt itself put in <head>
// and at the end of <body> — never on the app's own HTML, where user content lives — and a CSP
// that allows only those and our own files.
// Development keeps Vite's inline HMR client working: no page CSP there.
export default defineNitroPlugin((nitroApp) => {
  if (import.meta.dev) return
  nitroApp.hooks.hook('render:html', (html, { event }) => {
    const nonce = randomBytes(16).toString('base64')
    const withNonce = (chunk: string) => chunk.replace(/<(script|style)\b/g, `<$1 nonce="${nonce}"`)
    html.head = html.head.map(withNonce)
    html.bodyAppend = html.bodyAppend.map(withNonce)
    setResponseHeader(event, 'Content-Security-Policy', pageContentSecurityPolicy(nonce))
  })
})
