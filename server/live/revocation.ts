import { sql } from 'drizzle-orm'
import type { DbOrTx } from '#server/database/client'
import { intArray, rowsOf } from '#server/database/queries/rows'
import { LIVE_CLOSE, LIVE_REVOKED_REASON } from '#shared/types/live'
import type { AnyConnection, LiveCredential } from './connection'
import type { RevocationNotice } from './events'
import { allConnections } from './registry'

// Revocation reaches open sockets (docs/security.md): revoking an API key, signing out and changing
// the password queue a notice in the transaction that revokes (events.ts), and every instance
// closes its sockets opened with that credential with 4001. A handshake checks its credential a
// moment before it subscribes; a revocation heard in that moment is remembered, so the socket is
// closed as it opens. Revocations are for good (a key stays revoked, a session version only
// grows), so what is remembered never goes stale; it is only forgotten to stay small.

const REMEMBERED_MS = 60_000
const MAX_REMEMBERED = 10_000

/** `${user}:${key}` → when the revocation was heard. */
const revokedKeys = new Map<string, number>()
/** user → the lowest session version still valid, and when that was heard. */
const sessionFloors = new Map<number, { below: number, heardAt: number }>()

/** A revocation notice arrived: close this instance's sockets that it revokes, and remember it. */
export function revoke(notice: RevocationNotice): void {
  remember(notice)
  for (const connection of allConnections()) {
    if (connection.subject.userId === notice.user && revokes(notice, connection.credential)) closeRevoked(connection)
  }
}

/** Whether a revocation heard already (while this connection's handshake ran) covers it. */
export function wasRevoked(connection: AnyConnection): boolean {
  const { credential, subject: { userId } } = connection
  if (credential.kind === 'api-key') return revokedKeys.has(`${userId}:${credential.keyId}`)
  const floor = sessionFloors.get(userId)
  return floor !== undefined && credential.version < floor.below
}

/** Closes the socket with 4001 and the reason (the API key, or the session). */
export function closeRevoked(connection: AnyConnection): void {
  connection.end(LIVE_CLOSE.revoked, connection.credential.kind === 'api-key' ? LIVE_REVOKED_REASON.apiKey : LIVE_REVOKED_REASON.session)
}

/**
 * After a gap in the listener (notices sent meanwhile are lost): closes every socket whose key was
 * revoked or whose session ended meanwhile, in one statement.
 */
export async function closeRevokedMeanwhile(db: DbOrTx): Promise<void> {
  const connections = allConnections()
  if (connections.length === 0) return
  const keyIds = unique(connections.flatMap(({ credential }) => credential.kind === 'api-key' ? [credential.keyId] : []))
  const userIds = unique(connections.flatMap(({ credential, subject }) => credential.kind === 'session' ? [subject.userId] : []))
  const rows = await rowsOf<{ kind: 'key' | 'session', user_id: number, key_id: number | null, version: number | null }>(db, sql`
    SELECT 'key' AS kind, neptun_user_id AS user_id, id AS key_id, NULL::int4 AS version FROM neptun_api_key
    WHERE id = ANY(${intArray(keyIds)}::int4[]) AND revoked_at IS NULL
    UNION ALL
    SELECT 'session' AS kind, id AS user_id, NULL::int4 AS key_id, session_version AS version FROM neptun_user
    WHERE id = ANY(${intArray(userIds)}::int4[])`)
  const liveKeys = new Set(rows.flatMap(row => row.kind === 'key' ? [`${Number(row.user_id)}:${Number(row.key_id)}`] : []))
  const versions = new Map(rows.flatMap(row => row.kind === 'session' ? [[Number(row.user_id), Number(row.version)] as const] : []))
  for (const connection of allConnections()) {
    const { credential, subject: { userId } } = connection
    const valid = credential.kind === 'api-key'
      ? liveKeys.has(`${userId}:${credential.keyId}`)
      : credential.version === versions.get(userId)
    if (!valid) closeRevoked(connection)
  }
}

function revokes(notice: RevocationNotice, credential: LiveCredential): boolean {
  if (notice.type === 'api-key.revoked') return credential.kind === 'api-key' && credential.keyId === notice.key
  return credential.kind === 'session' && credential.version < notice.below
}

function remember(notice: RevocationNotice): void {
  const now = Date.now()
  forgetOld(revokedKeys, heardAt => heardAt, now)
  forgetOld(sessionFloors, floor => floor.heardAt, now)
  if (notice.type === 'api-key.revoked') {
    revokedKeys.set(`${notice.user}:${notice.key}`, now)
    return
  }
  const below = Math.max(notice.below, sessionFloors.get(notice.user)?.below ?? 0)
  // Deleted first, so the map stays in the order heard (forgetOld stops at the first recent one).
  sessionFloors.delete(notice.user)
  sessionFloors.set(notice.user, { below, heardAt: now })
}

/** Drops entries heard more than REMEMBERED_MS ago (and the oldest beyond MAX_REMEMBERED). */
function forgetOld<K, V>(map: Map<K, V>, heardAtOf: (value: V) => number, now: number): void {
  for (const [key, value] of map) {
    if (map.size < MAX_REMEMBERED && now - heardAtOf(value) < REMEMBERED_MS) return
    map.delete(key)
  }
}

function unique(ids: readonly number[]): number[] {
  return [...new Set(ids)]
}
