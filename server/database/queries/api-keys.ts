import { and, desc, eq, isNull, sql } from 'drizzle-orm'
import { queueLiveNotices } from '#server/live/events'
import type { ApiKeyRow } from '#shared/types/api'
import type { ApiKeyScope } from '#shared/utils/api-scopes'
import type { Db, DbOrTx } from '../client'
import type { Dated } from '../contract'
import { neptunApiKey, neptunUser } from '../schema'
import { countHitsSql, toRateLimitHit, type RateLimitHit } from './rate-limit'
import { rowsOf, toDate } from './rows'

/** What the owner sees of a key (an ApiKeyRow): never the key or its hash. */
const publicColumns = {
  id: neptunApiKey.id,
  name: neptunApiKey.name,
  prefix: neptunApiKey.prefix,
  scopes: neptunApiKey.scopes,
  created_at: neptunApiKey.created_at,
  last_used_at: neptunApiKey.last_used_at,
  expires_at: neptunApiKey.expires_at,
}

export type PublicApiKey = Dated<ApiKeyRow>

/** The user's keys that are not revoked (expired ones too, so the owner sees them lapse), newest first. */
export function listApiKeys(db: DbOrTx, userId: number): Promise<PublicApiKey[]> {
  return db.select(publicColumns).from(neptunApiKey)
    .where(and(eq(neptunApiKey.neptun_user_id, userId), isNull(neptunApiKey.revoked_at)))
    .orderBy(desc(neptunApiKey.id))
}

export interface NewApiKeyRow {
  name: string
  prefix: string
  keyHash: string
  scopes: readonly ApiKeyScope[]
  /** null: the key never expires. */
  expiresInDays: number | null
}

export type InsertApiKeyResult = { kind: 'created', apiKey: PublicApiKey } | { kind: 'limit_reached' }

/**
 * A new key unless the user already has `maxLive` live keys. The user row is locked first (FOR NO
 * KEY UPDATE: key creations of one user queue, chat inserts referencing the user do not), and the
 * count runs in a later statement, whose snapshot sees every key committed before the lock was
 * granted. A single INSERT … WHERE (SELECT count(*)) < 50 would count from a snapshot taken
 * before waiting, so two racing creations could both pass at 49.
 */
export async function insertApiKey(db: Db, userId: number, input: NewApiKeyRow, maxLive: number): Promise<InsertApiKeyResult> {
  return db.transaction(async (tx) => {
    await tx.select({ id: neptunUser.id }).from(neptunUser).where(eq(neptunUser.id, userId)).for('no key update')
    const expiresAt = input.expiresInDays === null ? sql`NULL::timestamptz` : sql`now() + make_interval(days => ${input.expiresInDays}::int4)`
    const [created] = await rowsOf<Omit<PublicApiKey, 'created_at' | 'expires_at'> & { created_at: Date | string, expires_at: Date | string | null }>(tx, sql`
      INSERT INTO neptun_api_key (neptun_user_id, name, prefix, key_hash, scopes, expires_at)
      SELECT ${userId}::int4, ${input.name}::text, ${input.prefix}::text, ${input.keyHash}::text, ${`{${input.scopes.join(',')}}`}::text[], ${expiresAt}
      WHERE (SELECT count(*) FROM neptun_api_key WHERE neptun_user_id = ${userId} AND revoked_at IS NULL) < ${maxLive}
      RETURNING id, name, prefix, scopes, created_at, last_used_at, expires_at`)
    if (!created) return { kind: 'limit_reached' }
    return {
      kind: 'created',
      apiKey: { ...created, id: Number(created.id), created_at: toDate(created.created_at), last_used_at: null, expires_at: created.expires_at === null ? null : toDate(created.expires_at) },
    }
  })
}

/**
 * Revokes the user's live key; false when there is none with that id (another user's, or revoked
 * already). The same statement tells every instance's live sockets opened with it to close.
 */
export async function revokeApiKey(db: DbOrTx, userId: number, keyId: number): Promise<boolean> {
  const revoked = await rowsOf<{ id: number }>(db, sql`
    WITH revoked AS (
      UPDATE neptun_api_key SET revoked_at = now()
      WHERE id = ${keyId} AND neptun_user_id = ${userId} AND revoked_at IS NULL
      RETURNING id)
    SELECT id, ${queueLiveNotices([{ type: 'api-key.revoked', user: userId, key: keyId }])} AS notices FROM revoked`)
  return revoked.length > 0
}

export interface ApiKeyUse extends RateLimitHit {
  keyId: number
  userId: number
  scopes: ApiKeyScope[]
}

/**
 * Everything a v1 request needs from its key, in one statement: finds the live (neither revoked
 * nor expired) key by the hash's
 * unique index, moves last_used_at when it is older than a minute (a busy key does not write on
 * every call), and counts the request in the key's rate-limit bucket (`api-key:<id>`). Undefined
 * when the hash matches no live key; then nothing is written.
 */
export async function findLiveKeyAndCountHit(db: DbOrTx, keyHash: string, windowSeconds: number): Promise<ApiKeyUse | undefined> {
  const [row] = await rowsOf<{ id: number, neptun_user_id: number, scopes: ApiKeyScope[], hits: number, reset_seconds: number | string }>(db, sql`
    WITH k AS (
      SELECT id, neptun_user_id, scopes FROM neptun_api_key
      WHERE key_hash = ${keyHash} AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
    ), touched AS (
      UPDATE neptun_api_key SET last_used_at = now()
      WHERE id = (SELECT id FROM k) AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
    ), hit AS (
      ${countHitsSql(sql`SELECT 'api-key:' || k.id AS bucket FROM k`, windowSeconds)}
    )
    SELECT k.id, k.neptun_user_id, k.scopes, hit.hits, hit.reset_seconds FROM k CROSS JOIN hit`)
  if (!row) return undefined
  return { keyId: Number(row.id), userId: Number(row.neptun_user_id), scopes: row.scopes, ...toRateLimitHit(row) }
}
