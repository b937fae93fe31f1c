import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { defineNuxtModule } from 'nuxt/kit'

// `nuxt dev` only. The CLI's listener hands each WebSocket handshake to Nitro's dev server, which
// proxies it to its worker (httpxy): that socket has no 'error' listener until the proxy adds one,
// and the proxy's promise rejects when the client resets the connection — which nothing catches,
// so the CLI restarted Nuxt ("Restarting Nuxt due to error: ECONNRESET") every time a tab with a
// live socket closed. Here each upgrade socket gets a listener, and that rejection is caught.
// (The worker's own sockets are guarded by server/plugins/upgrade-sockets.ts, as in production.)

const DEPARTURES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ETIMEDOUT'])

function reportUnexpected(error: unknown): void {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? ''
  if (!DEPARTURES.has(code)) console.warn('[neptun] dev server WebSocket proxy:', (error as Error | undefined)?.message ?? error)
}

type Upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => unknown

export default defineNuxtModule({
  meta: { name: 'neptun-dev-upgrade-sockets' },
  setup(_options, nuxt) {
    if (!nuxt.options.dev) return
    nuxt.hook('listen', (server) => {
      server.on('upgrade', (_request: IncomingMessage, socket: Duplex) => {
        socket.on('error', reportUnexpected)
      })
      const devServer = nuxt.server as { upgrade?: Upgrade } | undefined
      const upgrade = devServer?.upgrade
      if (!devServer || !upgrade) return
      devServer.upgrade = (request, socket, head) => {
        try {
          return Promise.resolve(upgrade(request, socket, head)).catch((error: unknown) => {
            reportUnexpected(error)
            socket.destroy()
          })
        }
        catch (error) {
          reportUnexpected(error)
          socket.destroy()
        }
      }
    })
  },
})
