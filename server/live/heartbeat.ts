import { randomUUID } from 'node:crypto'
import { useDatabaseStartup } from '#server/utils/db'
import { isChatConnection, type AnyConnection } from './connection'
import {
  deleteInstanceLiveConnections, deleteLiveConnections, livePresenceTtlSeconds, pruneStaleLiveConnections,
  recordLiveConnection, refreshLiveConnections,
} from './presence'
import { allConnections, closeChat, isClosed, isPresent, markPresent, presentConnections, unsubscribe } from './registry'

// This instance's presence rows, kept true: written when a chat socket is accepted, refreshed every
// TTL/3, removed when the socket closes, and all at once when the instance stops.

/** Random per process: the presence rows it writes, and removes when it stops. */
const instanceId = randomUUID()

let timer: NodeJS.Timeout | undefined
let beating = false

/**
 * Writes the chat connection's presence row, only while the chat exists. false: the chat is gone
 * (the caller refuses the socket). A user connection has no row.
 */
export async function recordPresence(connection: AnyConnection): Promise<boolean> {
  if (!isChatConnection(connection)) return true
  const { id, subject: { chatId, userId } } = connection
  const { db } = await useDatabaseStartup()
  const recorded = await recordLiveConnection(db, { id, chatId, userId, instanceId })
  if (recorded) markPresent(connection)
  return recorded
}

/** Presence rows of closed sockets still to remove, and the flush that will remove them. */
const releasing = new Set<string>()
let flushing: Promise<void> | undefined
/** More than this many closes at once (the database away for long) and the oldest are left to the TTL prune. */
const MAX_RELEASING = 10_000
const RELEASE_CHUNK = 1_000

/**
 * The socket closed (or its handshake failed): unsubscribe and remove its presence row. Rows go in
 * batches, one statement for every socket that closed meanwhile: 5,000 sockets closing at once are
 * 5 statements, not 5,000 queued for a pool of 10 (which shed them, leaving rows that made their
 * chats look live until the TTL pruned them). Resolves once its row is gone; a failed batch stays
 * queued for the next close or heartbeat, and the TTL prune is the backstop.
 */
export async function release(connection: AnyConnection): Promise<void> {
  unsubscribe(connection)
  // While stopping, the instance's rows go in one statement (removeInstanceRows), before the pool closes.
  if (connection.subject.kind !== 'chat' || isClosed()) return
  releasing.add(connection.id)
  if (releasing.size > MAX_RELEASING) releasing.delete(releasing.values().next().value!)
  while (releasing.has(connection.id) && !isClosed()) await flushReleases()
}

/** Removes the queued rows, a chunk per statement; one flush at a time, the next picks up what came meanwhile. */
function flushReleases(): Promise<void> {
  flushing ??= (async () => {
    try {
      const { db } = await useDatabaseStartup()
      while (releasing.size > 0 && !isClosed()) {
        const ids = [...releasing].slice(0, RELEASE_CHUNK)
        await deleteLiveConnections(db, ids)
        for (const id of ids) releasing.delete(id)
      }
    }
    finally {
      flushing = undefined
    }
  })()
  return flushing
}

/** Every TTL/3, one beat at a time (a slow beat skips the next tick rather than pile up). */
export function startHeartbeat(): void {
  timer = setInterval(() => {
    if (beating) return
    beating = true
    beat().catch((error: unknown) => console.error('[neptun] live heartbeat:', error)).finally(() => {
      beating = false
    })
  }, livePresenceTtlSeconds() * 1000 / 3)
  timer.unref()
}

export function stopHeartbeat(): void {
  clearInterval(timer)
}

/** A stopping instance removes its rows at once instead of letting them expire. */
export async function removeInstanceRows(): Promise<void> {
  await deleteInstanceLiveConnections((await useDatabaseStartup()).db, instanceId)
}

/**
 * Refresh this instance's rows and prune expired ones. A row that vanished (its chat was deleted
 * while the listener was away, or this process stalled past the TTL and was pruned) is written
 * again if the chat still exists; otherwise the socket closes as for a delete. The same beat pings
 * every socket and releases handshakes that never opened.
 */
async function beat(): Promise<void> {
  const { db } = await useDatabaseStartup()
  const abandoned: Promise<void>[] = []
  for (const connection of allConnections()) {
    if (connection.isAbandoned(livePresenceTtlSeconds() * 1000)) abandoned.push(release(connection))
    else connection.probe()
  }
  if (releasing.size > 0) abandoned.push(flushReleases())
  await Promise.all(abandoned)
  const connections = presentConnections()
  const alive = await refreshLiveConnections(db, connections.map(connection => connection.id))
  for (const connection of connections) {
    if (alive.has(connection.id) || !isPresent(connection)) continue
    if (!await recordPresence(connection)) closeChat(connection.subject.chatId)
  }
  await pruneStaleLiveConnections(db, livePresenceTtlSeconds())
}
