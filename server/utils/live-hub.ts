import { randomUUID } from 'node:crypto'
import type { Unlisten } from '#server/database/listener'
import { LIVE_CHANNEL, parseLiveNotice, type LiveNotice } from '#server/database/queries/live-events'
import {
  deleteInstanceLiveConnections, deleteLiveConnection, existingChatIds, pruneStaleLiveConnections,
  recordLiveConnection, refreshLiveConnections,
} from '#server/database/queries/live-presence'
import { listChatMessagesByIds } from '#server/database/queries/messages'
import { useDatabaseStartup } from '#server/utils/db'
import { useSettings } from '#server/settings'
import { onShutdown } from '#server/utils/shutdown'

// This instance's half of the live connections. Sockets live in this process; who is connected
// (the live_connection rows) and what changed (NOTIFY on one channel) live in Postgres, so every
// instance behind a load balancer sees every change and every delete counts every socket.

/** Random per process: the presence rows it writes, and removes when it stops. */
export const instanceId = randomUUID()

/** Close code of a socket whose chat was deleted. */
export const CLOSE_CHAT_DELETED = 4004

export function livePresenceTtlSeconds(): number {
  return useSettings().livePresenceTtlSeconds
}

/** The part of a crossws peer the hub uses. */
export interface LivePeer {
  send: (data: string) => unknown
  close: (code?: number, reason?: string) => void
}

/** The underlying `ws` socket, for protocol pings (crossws does not expose them). */
export interface PingableSocket {
  ping: () => void
  terminate: () => void
  on: (event: 'pong', listener: () => void) => unknown
}

/**
 * One socket, from its handshake on. It is subscribed before its presence row is written, so no
 * event can slip between the two; events sent before the socket is open wait in a queue.
 */
export class LiveConnection {
  readonly id = randomUUID()
  private peer?: LivePeer
  private queue: string[] = []
  private ending?: { code: number, reason: string }
  private readonly createdAt = Date.now()
  private socket?: PingableSocket
  private awaitingPong = false
  ended = false

  constructor(readonly subject: { kind: 'chat', chatId: number, chatUuid: string, userId: number } | { kind: 'user', userId: number }) {}

  get topic(): string {
    return this.subject.kind === 'chat' ? `chat:${this.subject.chatId}` : `user:${this.subject.userId}`
  }

  send(event: Record<string, unknown>): void {
    if (this.ended) return
    const data = JSON.stringify(event)
    if (this.peer) this.peer.send(data)
    else this.queue.push(data)
  }

  /** Closes the socket, or refuses it at `open` when it is not open yet. */
  end(code: number, reason: string): void {
    if (this.ended) return
    this.ended = true
    if (this.peer) this.peer.close(code, reason)
    else this.ending = { code, reason }
  }

  /** A handshake that never reached `open` (the client went away mid-upgrade) after this long. */
  isAbandoned(maxAgeMs: number): boolean {
    return !this.peer && Date.now() - this.createdAt > maxAgeMs
  }

  /**
   * A client that vanished without closing (a laptop lid, a dropped network) would keep its
   * presence row alive until TCP gives up, hours later. Each heartbeat pings it; one that has not
   * answered the previous ping is cut, which closes the socket and removes its row.
   */
  probe(): void {
    if (!this.socket || this.ended) return
    if (this.awaitingPong) {
      this.socket.terminate()
      return
    }
    this.awaitingPong = true
    this.socket.ping()
  }

  attach(peer: LivePeer, socket?: PingableSocket): void {
    this.peer = peer
    this.socket = socket
    socket?.on('pong', () => {
      this.awaitingPong = false
    })
    for (const data of this.queue) peer.send(data)
    this.queue = []
    if (this.ending) peer.close(this.ending.code, this.ending.reason)
  }
}

const byTopic = new Map<string, Set<LiveConnection>>()
/** Chat connections whose presence row is written: the heartbeat keeps these rows fresh. */
const present = new Map<string, LiveConnection>()
let started: Promise<void> | undefined
let unlisten: Unlisten | undefined
let heartbeat: NodeJS.Timeout | undefined
let beating = false
let stopping = false
let stopped: Promise<void> | undefined
/** Notices are handled one after the other, so a socket sees a chat's events in commit order. */
let delivering: Promise<void> = Promise.resolve()

/** Starts listening and heartbeating (once); a handshake awaits it so no event is missed. */
export function startLiveHub(): Promise<void> {
  if (stopping) return Promise.reject(new Error('the server is shutting down'))
  started ??= (async () => {
    const open = await useDatabaseStartup()
    unlisten = await open.listen(LIVE_CHANNEL, { onPayload: receive, onReconnect: () => enqueue(resync) })
    // Beside the event queue, so a slow heartbeat never delays events; one at a time.
    heartbeat = setInterval(() => {
      if (beating) return
      beating = true
      beat().catch((error: unknown) => console.error('[neptun] live heartbeat:', error)).finally(() => {
        beating = false
      })
    }, livePresenceTtlSeconds() * 1000 / 3)
    heartbeat.unref()
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
  stopping = true
  clearInterval(heartbeat)
  // Synchronously, in the signal's own tick: Nitro destroys upgraded sockets right after.
  for (const connections of byTopic.values()) {
    for (const connection of connections) connection.end(1001, 'Server shutting down')
  }
  byTopic.clear()
  present.clear()
  // `stopping` stays set: the sockets' close hooks fire after this, when the pool may be gone.
  return (async () => {
    if (!started) return
    await started.catch(() => {})
    await unlisten?.()
    await deleteInstanceLiveConnections((await useDatabaseStartup()).db, instanceId).catch(() => {})
  })()
}

/** Subscribes the connection to its chat's (or user's) events; its first event says so. */
export function subscribe(connection: LiveConnection): void {
  const { subject } = connection
  connection.send(subject.kind === 'chat' ? { type: 'ready', chat_id: subject.chatUuid } : { type: 'ready', user_id: subject.userId })
  const set = byTopic.get(connection.topic) ?? new Set()
  set.add(connection)
  byTopic.set(connection.topic, set)
}

/**
 * Writes the chat connection's presence row, only while the chat exists. false: the chat is gone
 * (the caller refuses the socket).
 */
export async function recordPresence(connection: LiveConnection): Promise<boolean> {
  const { subject } = connection
  if (subject.kind !== 'chat') return true
  const { db } = await useDatabaseStartup()
  const recorded = await recordLiveConnection(db, { id: connection.id, chatId: subject.chatId, userId: subject.userId, instanceId })
  if (recorded && !connection.ended) present.set(connection.id, connection)
  return recorded
}

/** The socket closed (or its handshake failed): unsubscribe and remove its presence row. */
export async function release(connection: LiveConnection): Promise<void> {
  connection.ended = true
  byTopic.get(connection.topic)?.delete(connection)
  if (byTopic.get(connection.topic)?.size === 0) byTopic.delete(connection.topic)
  present.delete(connection.id)
  // While stopping, the instance's rows go in one statement (stopLiveHub), before the pool closes.
  if (connection.subject.kind === 'chat' && !stopping) {
    const { db } = await useDatabaseStartup()
    await deleteLiveConnection(db, connection.id)
  }
}

function connectionsOf(topic: string): LiveConnection[] {
  return [...byTopic.get(topic) ?? []]
}

function enqueue(task: () => Promise<void>): void {
  delivering = delivering.then(task).catch((error: unknown) => {
    console.error('[neptun] live hub:', error)
  })
}

function receive(payload: string): void {
  const notice = parseLiveNotice(payload)
  if (notice) enqueue(() => deliver(notice))
}

async function deliver(notice: LiveNotice): Promise<void> {
  switch (notice.type) {
    case 'message.created': {
      const connections = connectionsOf(`chat:${notice.chat}`)
      if (connections.length === 0) return
      const messages = await listChatMessagesByIds((await useDatabaseStartup()).db, notice.chat, notice.ids)
      for (const connection of connections) {
        for (const { id, actor, message, created_at } of messages) {
          connection.send({ type: 'message.created', chat_id: chatUuidOf(connection), message: { id, actor, message, created_at } })
        }
      }
      return
    }
    case 'messages.deleted':
      for (const connection of connectionsOf(`chat:${notice.chat}`)) {
        connection.send({ type: 'messages.deleted', chat_id: chatUuidOf(connection), message_ids: notice.ids })
      }
      return
    case 'chat.deleted':
      for (const chatId of notice.chats) closeChat(chatId)
      for (const connection of connectionsOf(`user:${notice.user}`)) {
        for (const chatId of notice.chats) connection.send({ type: 'chat.deleted', chat_id: chatId })
      }
  }
}

function chatUuidOf(connection: LiveConnection): string | undefined {
  return connection.subject.kind === 'chat' ? connection.subject.chatUuid : undefined
}

/** The chat is gone: its sockets here hear it and close with 4004. */
function closeChat(chatId: number): void {
  for (const connection of connectionsOf(`chat:${chatId}`)) {
    connection.send({ type: 'chat.deleted', chat_id: chatUuidOf(connection) })
    connection.end(CLOSE_CHAT_DELETED, 'Chat deleted')
    present.delete(connection.id)
  }
}

/**
 * Every TTL/3: refresh this instance's rows and prune expired ones. A row that vanished (its chat
 * was deleted while the listener was away, or this process stalled past the TTL and was pruned) is
 * written again if the chat still exists; otherwise the socket closes as for a delete.
 */
async function beat(): Promise<void> {
  const { db } = await useDatabaseStartup()
  for (const connections of [...byTopic.values()]) {
    for (const connection of connections) {
      if (connection.isAbandoned(livePresenceTtlSeconds() * 1000)) await release(connection)
      else connection.probe()
    }
  }
  const ids = [...present.keys()]
  const alive = await refreshLiveConnections(db, ids)
  for (const id of ids) {
    const connection = present.get(id)
    if (alive.has(id) || !connection || connection.subject.kind !== 'chat') continue
    if (!await recordPresence(connection)) closeChat(connection.subject.chatId)
  }
  await pruneStaleLiveConnections(db, livePresenceTtlSeconds())
}

/**
 * The listener reconnected: notifications sent meanwhile are lost. Sockets on chats deleted
 * meanwhile close; every other socket gets `resync` (re-read the chat, some events may be missing).
 */
async function resync(): Promise<void> {
  const { db } = await useDatabaseStartup()
  const chatIds = [...new Set([...present.values()].flatMap(c => c.subject.kind === 'chat' ? [c.subject.chatId] : []))]
  const existing = await existingChatIds(db, chatIds)
  for (const chatId of chatIds) {
    if (!existing.has(chatId)) closeChat(chatId)
  }
  for (const connections of byTopic.values()) {
    for (const connection of connections) connection.send({ type: 'resync' })
  }
}
