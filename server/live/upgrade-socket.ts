import { Duplex } from 'node:stream'
import { finished } from 'node:stream/promises'

// The raw socket of a WebSocket handshake (crossws 0.3's Node adapter, which Nitro uses). Node's
// HTTP server takes its own 'error' listener off a socket when it hands it to the 'upgrade' event,
// and crossws adds none until `ws` owns the socket: a client that resets the connection meanwhile
// (a tab closed mid-handshake) would end as an uncaughtException. And crossws writes a refusal's
// header values percent-encoded (`content-type: application%2Fjson`), so refusals are written here.

/** Errors of a client that went away; anything else is logged. Either way the socket is done. */
const DEPARTURES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ETIMEDOUT', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END'])

const guarded = new WeakSet<Duplex>()

/** The handshake's socket: crossws passes the IncomingMessage as the request's `_req`. */
export function upgradeSocketOf(request: unknown): Duplex | undefined {
  const socket = (request as { _req?: { socket?: unknown } } | undefined)?._req?.socket
  return socket instanceof Duplex ? socket : undefined
}

/** Gives the socket an 'error' listener for its whole life (once per socket). */
export function guardUpgradeSocket(socket: Duplex): void {
  if (guarded.has(socket)) return
  guarded.add(socket)
  socket.on('error', (error: NodeJS.ErrnoException) => {
    if (!DEPARTURES.has(error.code ?? '')) console.warn('[neptun] WebSocket handshake socket error:', error.code ?? error.message)
  })
}

/**
 * Writes the refusal (status, headers as they are, body) and ends the socket; resolves once it is
 * flushed or the client is gone. crossws then finds the socket closed and leaves it.
 */
export async function writeRefusal(socket: Duplex, response: Response): Promise<void> {
  guardUpgradeSocket(socket)
  const body = Buffer.from(await response.arrayBuffer())
  const head = [
    `HTTP/1.1 ${response.status} ${response.statusText}`,
    ...[...response.headers].map(([name, value]) => `${name}: ${value}`),
    `content-length: ${body.length}`,
    'connection: close',
  ].join('\r\n')
  if (socket.destroyed || !socket.writable) return
  socket.end(Buffer.concat([Buffer.from(`${head}\r\n\r\n`), body]))
  await finished(socket, { readable: false }).catch(() => {})
}
