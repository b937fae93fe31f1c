import type { Duplex } from 'node:stream'
import type { Hooks } from 'crossws'
import { LIVE_CLOSE, type LiveEvent, type LivePing } from '#shared/types/live'
import { LiveConnection, type AnyConnection, type PingableSocket } from './connection'
import { chooseRequestId } from '#server/utils/request-id'
import { refuseHandshake, withRequestId, type UpgradeRequest } from './handshake'
import { recordPresence, release } from './heartbeat'
import { startLiveHub } from './hub'
import { subscribe } from './registry'
import { closeRevoked, wasRevoked } from './revocation'
import { upgradeSocketOf } from './upgrade-socket'

export type AuthorizeHandshake = (request: UpgradeRequest) => Promise<AnyConnection | Response>

/**
 * The crossws hooks of a live endpoint. `authorize` turns the handshake into a connection or a
 * refusal. Everything that can fail happens in `upgrade` (which crossws awaits); `open` is not
 * awaited, so it only attaches the socket to a connection already subscribed and recorded.
 */
export function liveSocketHooks(authorize: AuthorizeHandshake): Partial<Hooks> {
  return {
    async upgrade(request) {
      const upgrade = request as unknown as UpgradeRequest
      const requestId = chooseRequestId(upgrade.headers.get('x-request-id'))
      return withRequestId(await authorizeUpgrade(upgrade, authorize, requestId), requestId)
    },
    open(peer) {
      const connection = connectionOf(peer.context.liveConnection)
      if (!connection) return peer.close(LIVE_CLOSE.internalError, 'No connection')
      connection.attach(peer, pingableSocketOf(peer))
    },
    message(peer, message) {
      // Clients behind proxies that drop idle sockets may ping; nothing else is read.
      if (isPing(message.text())) peer.send(JSON.stringify({ type: 'pong' } satisfies LiveEvent))
    },
    close(peer) {
      releaseOf(peer.context.liveConnection)
    },
    error(peer) {
      releaseOf(peer.context.liveConnection)
    },
  }
}

/**
 * The handshake: undefined when the socket may open (its connection subscribed, recorded and
 * left in the request's context for `open`), else the refusal.
 */
async function authorizeUpgrade(upgrade: UpgradeRequest, authorize: AuthorizeHandshake, requestId: string): Promise<Response | undefined> {
  try {
    await startLiveHub()
    const connection = await authorize(upgrade)
    if (connection instanceof Response) return connection
    // Its credential was revoked after authorize checked it, and the notice came first: the
    // socket opens and closes at once (4001), as it would have a moment later. Checked in the
    // same tick as subscribe, so a revocation is either seen here or finds the socket subscribed.
    if (wasRevoked(connection)) {
      closeRevoked(connection)
      upgrade.context.liveConnection = connection
      return undefined
    }
    subscribe(connection)
    if (!await recordPresence(connection)) {
      await release(connection)
      return refuseHandshake(404, 'Chat not found')
    }
    upgrade.context.liveConnection = connection
    releaseIfNeverOpened(connection, upgradeSocketOf(upgrade))
    return undefined
  }
  catch (error) {
    // Never throw from here: crossws would leave the client's handshake hanging.
    console.error(`[neptun] live handshake failed request_id=${requestId}:`, error)
    return refuseHandshake(503, 'Live updates are unavailable right now')
  }
}

/**
 * A client that leaves before `open` (a tab closed mid-handshake) is released as its socket
 * closes, not by the heartbeat a presence TTL later (its row would count as a live socket).
 */
function releaseIfNeverOpened(connection: AnyConnection, socket: Duplex | undefined): void {
  if (!socket) return
  const check = () => {
    if (!connection.opened) releaseOf(connection)
  }
  if (socket.destroyed) check()
  else socket.once('close', check)
}

function isPing(text: string): boolean {
  try {
    return (JSON.parse(text) as Partial<LivePing> | null)?.type === 'ping'
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

/** The connection the handshake left in the peer's context, if any. */
function connectionOf(value: unknown): AnyConnection | undefined {
  return value instanceof LiveConnection ? value as AnyConnection : undefined
}

function releaseOf(value: unknown): void {
  const connection = connectionOf(value)
  if (connection) release(connection).catch((error: unknown) => console.error('[neptun] live connection release failed:', error))
}
