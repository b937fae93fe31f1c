import { randomUUID } from 'node:crypto'
import type { ChatLiveEvent, UserLiveEvent } from '#shared/types/live'

/** A socket following one chat: `chatId` is the chat's integer id, `chatUuid` the one in its path. */
export interface ChatSubject { kind: 'chat', chatId: number, chatUuid: string, userId: number }
/** A socket following a user's chat list (GET /api/users/{user_id}/live). */
export interface UserSubject { kind: 'user', userId: number }
export type LiveSubject = ChatSubject | UserSubject

/**
 * What the handshake was authenticated with: an API key (by id), or the session cookie (by the
 * account's session version sealed in it). Revoking it closes the socket (./revocation.ts).
 */
export type LiveCredential = { kind: 'api-key', keyId: number } | { kind: 'session', version: number }

/** The frames a chat socket is sent, or a user socket. */
type FrameFor<S extends LiveSubject> = S extends ChatSubject ? ChatLiveEvent : UserLiveEvent

/** The part of a crossws peer a connection uses. */
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
 * event can slip between the two; frames sent before the socket is open wait in a queue.
 */
export class LiveConnection<S extends LiveSubject> {
  readonly id = randomUUID()
  private peer?: LivePeer
  private queue: string[] = []
  private ending?: { code: number, reason: string }
  private readonly createdAt = Date.now()
  private socket?: PingableSocket
  private awaitingPong = false
  ended = false

  constructor(readonly subject: S, readonly credential: LiveCredential) {}

  send(frame: FrameFor<S>): void {
    if (this.ended) return
    const data = JSON.stringify(frame)
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

  /** The socket reached `open` (crossws' hook) and is attached. */
  get opened(): boolean {
    return this.peer !== undefined
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

export type ChatConnection = LiveConnection<ChatSubject>
export type UserConnection = LiveConnection<UserSubject>
export type AnyConnection = ChatConnection | UserConnection

export function isChatConnection(connection: AnyConnection): connection is ChatConnection {
  return connection.subject.kind === 'chat'
}
