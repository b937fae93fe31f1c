import { Duplex } from 'node:stream'
import type { AppOptions } from 'h3'

// The raw socket of a WebSocket handshake (crossws 0.3's Node adapter, which Nitro uses). Node's
// HTTP server takes its own 'error' listener off a socket when it hands it to the 'upgrade' event,
// and crossws adds none until `ws` owns the socket: a client that resets the connection meanwhile
// (a tab closed mid-handshake, before a refusal is written) would end as an uncaughtException.

/** Errors of a client that went away; anything else is logged. Either way the socket is done. */
const DEPARTURES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ETIMEDOUT', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END'])

const guarded = new WeakSet<Duplex>()

/** The handshake's socket: crossws passes the IncomingMessage as the request's `_req`. */
export function upgradeSocketOf(request: unknown): Duplex | undefined {
  const socket = (request as { _req?: { socket?: unknown } } | undefined)?._req?.socket
  return socket instanceof Duplex ? socket : undefined
}

/** Gives the socket an 'error' listener for its whole life (once per socket). */
function guardUpgradeSocket(socket: Duplex): void {
  if (guarded.has(socket)) return
  guarded.add(socket)
  socket.on('error', (error: NodeJS.ErrnoException) => {
    if (!DEPARTURES.has(error.code ?? '')) console.warn('[neptun] WebSocket handshake socket error:', error.code ?? error.message)
  })
}

type WebSocketOptions = NonNullable<AppOptions['websocket']>

/**
 * The app's WebSocket options with an app-wide `upgrade` hook that guards every handshake's socket,
 * whatever its path. crossws calls that hook synchronously, in the 'upgrade' event's own tick,
 * before it looks up (and awaits) the route's hooks: no moment is left without a listener.
 */
export function withUpgradeSocketGuard(options: WebSocketOptions = {}): WebSocketOptions {
  const upgrade = options.hooks?.upgrade
  return {
    ...options,
    hooks: {
      ...options.hooks,
      upgrade(request) {
        const socket = upgradeSocketOf(request)
        if (socket) guardUpgradeSocket(socket)
        return upgrade?.(request)
      },
    },
  }
}
