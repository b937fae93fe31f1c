import { cp } from 'node:fs/promises'
import { join } from 'node:path'
import { DEMO_ACCOUNT } from './server/database/demo-content'
import { BASE_SECURITY_HEADERS } from './server/utils/security-headers'

export default defineNuxtConfig({
  modules: ['nuxt-auth-utils', '@nuxt/eslint'],
  $development: {
    runtimeConfig: { session: { password: '', cookie: { secure: false } }, public: { demoAccount: DEMO_ACCOUNT } },
  },
  // Nuxt 3 does not auto-import shared/ yet; the app does, the server imports #shared/… explicitly.
  imports: { dirs: ['shared/utils'] },
  devtools: { enabled: false },
  app: {
    head: {
      htmlAttrs: { lang: 'en' },
      title: 'Neptun Chats',
      meta: [{ name: 'color-scheme', content: 'light dark' }],
    },
  },
  css: ['~/assets/main.css'],
  runtimeConfig: {
    session: {
      name: 'neptun-session',
      password: '',
      maxAge: 60 * 60 * 24 * 7,
      // Secure in production (https). Plain-http deployments set NUXT_SESSION_COOKIE_SECURE=false;
      // browsers accept Secure cookies on http://localhost either way.
      cookie: { sameSite: 'lax', httpOnly: true, secure: true },
    },
    public: {
      // The demo account is offered on the sign-in page in development only (empty in production).
      demoAccount: { email: '', password: '' },
      // Seconds a delete made in the UI waits, with Undo in its toast, before it is sent (0: at once).
      undoDelaySeconds: 5,
    },
  },
  // The dev-server test (tests/server/socket-churn.test.ts) builds into a folder of its own.
  buildDir: process.env.NUXT_BUILD_DIR || undefined,
  // Every answer Nitro gives, the built files under /_nuxt/ included: Nitro serves those before any
  // middleware runs, but after the route rules (server/middleware/0.security-headers.ts adds the
  // API's CSP; server/plugins/page-csp.ts the pages'). A refused WebSocket handshake sets its own
  // (server/live/handshake.ts).
  routeRules: {
    '/**': { headers: BASE_SECURITY_HEADERS },
  },
  compatibilityDate: '2025-07-15',
  nitro: {
    // websocket: the live chat connections (server/api/v1/chats/[chat_id]/live.ts).
    experimental: { asyncContext: true, websocket: true },
    hooks: {
      // The built server finds its migrations beside itself, wherever it is started from.
      async compiled(nitro) {
        await cp(join(nitro.options.rootDir, 'drizzle'), join(nitro.options.output.serverDir, 'drizzle'), { recursive: true })
      },
    },
  },
  typescript: { strict: true },
  hooks: {
    'nitro:config'(config) {
      const root = config.rootDir ?? process.cwd()
      // Our error handlers first: database faults → 503 and no SQL parameters in logs
      // (server/error-handler.ts), then every /api/* error as compact JSON (server/error.ts); Nuxt's
      // renders the error page for the other paths.
      config.errorHandler = [join(root, 'server/error-handler.ts'), join(root, 'server/error.ts'), ...[config.errorHandler ?? []].flat()]
      // With websockets on, nuxt-auth-utils adds a server plugin that reads the session on every
      // request, and h3 then starts (and sets a cookie for) a session for every visitor, API calls
      // and failed sign-ins included. Our handshakes unseal the cookie themselves: drop that plugin.
      config.plugins = (config.plugins ?? []).filter(plugin => !/nuxt-auth-utils[\\/].*plugins[\\/]ws(\.[cm]?js)?$/.test(plugin ?? ''))
    },
  },
  eslint: { config: { stylistic: true } },
})
