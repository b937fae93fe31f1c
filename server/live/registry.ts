import { LIVE_CLOSE } from '#shared/types/live'
import { isChatConnection, type AnyConnection, type ChatConnection, type UserConnection } from './connection'

// This instance's sockets: which chat or user each one follows, and which chat sockets have their
// presence row written. It is all the live module keeps in memory; who is connected and what
// changed are in Postgres (presence.ts, events.ts), so every instance agrees.

const byChat = new Map<number, Set<ChatConnection>>()
const byUser = new Map<number, Set<UserConnection>>()
/** Chat connections whose presence row is written: the heartbeat keeps these rows fresh. */
const present = new Map<string, ChatConnection>()
/** Set by closeAll at shutdown, for good: the instance's rows then go in one statement. */
let closed = false

/** Subscribes the connection to its chat's (or user's) events; its first frame says so. */
export function subscribe(connection: AnyConnection): void {
  if (isChatConnection(connection)) {
    connection.send({ type: 'ready', chat_id: connection.subject.chatUuid })
    add(byChat, connection.subject.chatId, connection)
  }
  else {
    connection.send({ type: 'ready', user_id: connection.subject.userId })
    add(byUser, connection.subject.userId, connection)
  }
}

/** The socket closed (or its handshake failed): it gets no more frames and is no longer present. */
export function unsubscribe(connection: AnyConnection): void {
  connection.ended = true
  if (isChatConnection(connection)) remove(byChat, connection.subject.chatId, connection)
  else remove(byUser, connection.subject.userId, connection)
  present.delete(connection.id)
}

export function chatConnections(chatId: number): ChatConnection[] {
  return [...byChat.get(chatId) ?? []]
}

export function userConnections(userId: number): UserConnection[] {
  return [...byUser.get(userId) ?? []]
}

export function allConnections(): AnyConnection[] {
  return [...byChat.values(), ...byUser.values()].flatMap(set => [...set])
}

/** Its presence row is written (unless the socket closed meanwhile). */
export function markPresent(connection: ChatConnection): void {
  if (!connection.ended) present.set(connection.id, connection)
}

export function isPresent(connection: ChatConnection): boolean {
  return present.get(connection.id) === connection
}

export function presentConnections(): ChatConnection[] {
  return [...present.values()]
}

/** The chat is gone: its sockets here hear it and close with 4004. */
export function closeChat(chatId: number): void {
  for (const connection of chatConnections(chatId)) {
    connection.send({ type: 'chat.deleted', chat_id: connection.subject.chatUuid })
    connection.end(LIVE_CLOSE.chatDeleted, 'Chat deleted')
    present.delete(connection.id)
  }
}

/** Shutdown: every socket here closes (1001: reconnect elsewhere), and none is kept track of. */
export function closeAll(): void {
  closed = true
  for (const connection of allConnections()) connection.end(LIVE_CLOSE.goingAway, 'Server shutting down')
  byChat.clear()
  byUser.clear()
  present.clear()
}

export function isClosed(): boolean {
  return closed
}

function add<C extends AnyConnection>(map: Map<number, Set<C>>, key: number, connection: C): void {
  const set = map.get(key) ?? new Set()
  set.add(connection)
  map.set(key, set)
}

function remove<C extends AnyConnection>(map: Map<number, Set<C>>, key: number, connection: C): void {
  const set = map.get(key)
  set?.delete(connection)
  if (set?.size === 0) map.delete(key)
}
