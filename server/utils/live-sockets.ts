import type { Duplex } from 'node:stream'
import type { Hooks } from 'crossws'
import { LiveConnection, recordPresence, release, startLiveHub, subscribe, type PingableSocket } from '#server/utils/live-hub'
import { refuseHandshake, type UpgradeRequest } from '#server/utils/live-handshake'
import { upgradeSocketOf, writeRefusal } from '#server/live/upgrade-socket'

export type AuthorizeHandshake = (request: UpgradeRequest) => Promise<LiveConnection | Response>

/**
 * The crossws hooks of a live endpoint. `authorize` turns the handshake into a connection or a
 * refusal. Everything that can fail happens in `upgrade` (which crossws awaits); `open` is not
 * awaited, so it only attaches the socket to a connection already subscribed and recorded.
 */
export function liveSocketHooks(authorize: AuthorizeHandshake): Partial<Hooks> {
  return {
    async upgrade(request) {
      const upgrade = request as unknown as UpgradeRequest
      const socket = upgradeSocketOf(request)
      const refusal = await handshake(authorize, upgrade, socket)
      // Written by us when we hold the socket: crossws would percent-encode the header values.
      if (refusal && socket) await writeRefusal(socket, refusal)
      else if (refusal) return refusal
    },
    open(peer) {
      const connection = peer.context.liveConnection as LiveConnection | undefined
      if (!connection) return peer.close(1011, 'No connection')
      connection.attach(peer, pingableSocketOf(peer))
    },
    message(peer, message) {
      // Clients behind proxies that drop idle sockets may ping; nothing else is read.
      if (isPing(message.text())) peer.send(JSON.stringify({ type: 'pong' }))
    },
    close(peer) {
      releaseOf(peer.context.liveConnection)
    },
    error(peer) {
      releaseOf(peer.context.liveConnection)
    },
  }
}

/** Runs the handshake: a refusal, or nothing when the socket may open (its connection in the context). */
async function handshake(authorize: AuthorizeHandshake, upgrade: UpgradeRequest, socket: Duplex | undefined): Promise<Response | undefined> {
  try {
    await startLiveHub()
    const connection = await authorize(upgrade)
    if (connection instanceof Response) return connection
    subscribe(connection)
    if (!await recordPresence(connection)) {
      await release(connection)
      return refuseHandshake(404, 'Chat not found')
    }
    upgrade.context.liveConnection = connection
    if (socket) releaseIfNeverOpened(connection, socket)
  }
  catch (error) {
    // Never throw from here: crossws would leave the client's handshake hanging.
    console.error('[neptun] live handshake failed:', error)
    return refuseHandshake(503, 'Live updates are unavailable right now')
  }
}

/** A client that leaves before `open` (a tab closed mid-handshake) is released now, not a TTL later. */
function releaseIfNeverOpened(connection: LiveConnection, socket: Duplex): void {
  const check = () => {
    if (!connection.opened) releaseOf(connection)
  }
  if (socket.destroyed) check()
  else socket.once('close', check)
}

function isPing(text: string): boolean {
  try {
    return (JSON.parse(text) as { type?: unknown } | null)?.type === 'ping'
  }
  catch {
    return false
  }
}

/** crossws' Node adapter keeps the `ws` socket in `peer._internal.ws`; other runtimes: no pings. */
function pingableSocketOf(peer: unknown): PingableSocket | undefined {
  const ws = (peer as { _internal?: { ws?: Partial<PingableSocket> } })._internal?.ws
  return ws && typeof ws.ping === 'function' && typeof ws.terminate === 'function' && typeof ws.on === 'function' ? ws as PingableSocket : undefined
}

function releaseOf(connection: unknown): void {
  if (connection instanceof LiveConnection) {
    release(connection).catch((error: unknown) => console.error('[neptun] live connection release failed:', error))
  }
}
