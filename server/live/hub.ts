import { useDatabaseStartup } from '#server/utils/db'
import { onShutdown } from '#server/utils/shutdown'
import { deliver, isRevocation, LIVE_CHANNEL, parseLiveNotice } from './events'
import { removeInstanceRows, startHeartbeat, stopHeartbeat } from './heartbeat'
import { listen, type Unlisten } from './listener'
import { existingChatIds } from './presence'
import { allConnections, closeAll, closeChat, isClosed, presentConnections } from './registry'
import { closeRevokedMeanwhile, revoke } from './revocation'

// This instance's half of the live connections: it listens for every instance's notices and
// hands them to its own sockets, one after the other. Sockets live in this process; who is
// connected (the live_connection rows) and what changed (NOTIFY on one channel) live in Postgres,
// so every instance behind a load balancer sees every change and every delete counts every socket.

let started: Promise<void> | undefined
let unlisten: Unlisten | undefined
let stopped: Promise<void> | undefined
/** Notices are handled one after the other, so a socket sees a chat's events in commit order. */
let delivering: Promise<void> = Promise.resolve()

/** Starts listening and heartbeating (once); a handshake awaits it so no event is missed. */
export function startLiveHub(): Promise<void> {
  if (isClosed()) return Promise.reject(new Error('the server is shutting down'))
  started ??= (async () => {
    const open = await useDatabaseStartup()
    unlisten = await listen(open, LIVE_CHANNEL, {
      onPayload: (payload) => {
        const notice = parseLiveNotice(payload)
        if (!notice) return
        // A revocation needs no statement: its sockets close now, not behind queued deliveries.
        if (isRevocation(notice)) revoke(notice)
        else enqueue(() => deliver(open.db, notice))
      },
      onReconnect: () => enqueue(resync),
    })
    // Beside the notice queue, so a slow heartbeat never delays events.
    startHeartbeat()
    // On SIGTERM, before Nitro destroys upgraded sockets: close ours with 1001 and remove our rows.
    onShutdown(stopLiveHub)
  })().catch((error: unknown) => {
    started = undefined
    throw error
  })
  return started
}

/** Closes this instance's sockets (1001: going away, reconnect elsewhere) and removes its rows. Once. */
export function stopLiveHub(): Promise<void> {
  stopped ??= stop()
  return stopped
}

function stop(): Promise<void> {
  stopHeartbeat()
  // Synchronously, in the signal's own tick: Nitro destroys upgraded sockets right after. The
  // registry stays closed: the sockets' close hooks fire after this, when the pool may be gone.
  closeAll()
  return (async () => {
    if (!started) return
    await started.catch(() => {})
    await unlisten?.()
    await removeInstanceRows().catch(() => {})
  })()
}

function enqueue(task: () => Promise<void>): void {
  delivering = delivering.then(task).catch((error: unknown) => {
    console.error('[neptun] live hub:', error)
  })
}

/**
 * The listener reconnected: notifications sent meanwhile are lost. Sockets whose credential was
 * revoked meanwhile close (4001), so do sockets on chats deleted meanwhile (4004); every other
 * socket gets `resync` (re-read the chat, some events may be missing).
 */
async function resync(): Promise<void> {
  const { db } = await useDatabaseStartup()
  await closeRevokedMeanwhile(db)
  const chatIds = [...new Set(presentConnections().map(connection => connection.subject.chatId))]
  const existing = await existingChatIds(db, chatIds)
  for (const chatId of chatIds) {
    if (!existing.has(chatId)) closeChat(chatId)
  }
  for (const connection of allConnections()) connection.send({ type: 'resync' })
}
