import { sql } from 'drizzle-orm'
import type { Db } from '../client'
import { rowsOf } from './rows'

// The v1 Idempotency-Key store (server/v1/idempotency.ts; docs/architecture.md, "Idempotency-Key").
// Every statement here is one autocommitted statement: no session state, no advisory lock, so it
// works the same behind a transaction-mode pooler.

/** How long an answer is kept: a row older than this counts for nothing and is deleted by the sweep. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60
/**
 * An in-progress claim older than this belongs to a request that died (its instance crashed
 * between claim and answer): the next request with the key takes it over. Far longer than any v1
 * request may run (statement and pool timeouts are seconds).
 */
export const IDEMPOTENCY_STALE_CLAIM_SECONDS = 120

export interface IdempotentRequest {
  userId: number
  key: string
  method: string
  path: string
  bodyHash: string
  claimId: string
  requestId: string
}

export interface StoredAnswer {
  status: number
  body: string
  headers: Record<string, string>
}

export type ClaimResult
  = | { kind: 'claimed' }
    | {
      kind: 'taken'
      method: string
      path: string
      bodyHash: string
      requestId: string | null
      /** undefined: the first request is still running. */
      answer?: StoredAnswer
    }
  /** The key's row went away between the two statements (its request failed and released it). */
    | { kind: 'gone' }

/**
 * Claims (user, key) for this request: inserts the row in progress (status null), or takes over
 * a row that has expired or whose claim is stale. Otherwise the row as it is: the same request's
 * stored answer, one still running, or another request's. The INSERT … ON CONFLICT commits at
 * once, so of two concurrent requests with one key exactly one gets `claimed`.
 */
export async function claimIdempotencyKey(db: Db, request: IdempotentRequest): Promise<ClaimResult> {
  const { userId, key, method, path, bodyHash, claimId, requestId } = request
  const [claimed] = await rowsOf<{ claim_id: string }>(db, sql`
    INSERT INTO idempotency_key AS k (neptun_user_id, key, method, path, body_hash, claim_id, request_id)
    VALUES (${userId}::int4, ${key}::text, ${method}::text, ${path}::text, ${bodyHash}::text, ${claimId}::uuid, ${requestId}::text)
    ON CONFLICT (neptun_user_id, key) DO UPDATE SET
      method = excluded.method, path = excluded.path, body_hash = excluded.body_hash, claim_id = excluded.claim_id,
      request_id = excluded.request_id, status = NULL, response_body = NULL, response_headers = NULL, created_at = now()
    WHERE k.created_at < now() - make_interval(secs => ${IDEMPOTENCY_TTL_SECONDS}::int4)
       OR (k.status IS NULL AND k.created_at < now() - make_interval(secs => ${IDEMPOTENCY_STALE_CLAIM_SECONDS}::int4))
    RETURNING k.claim_id`)
  if (claimed) return { kind: 'claimed' }
  const [row] = await rowsOf<{ method: string, path: string, body_hash: string, request_id: string | null, status: number | null, response_body: string | null, response_headers: Record<string, string> | string | null }>(db, sql`
    SELECT method, path, body_hash, request_id, status, response_body, response_headers
    FROM idempotency_key WHERE neptun_user_id = ${userId} AND key = ${key}`)
  if (!row) return { kind: 'gone' }
  const headers = typeof row.response_headers === 'string' ? JSON.parse(row.response_headers) as Record<string, string> : row.response_headers ?? {}
  return {
    kind: 'taken',
    method: row.method,
    path: row.path,
    bodyHash: row.body_hash,
    requestId: row.request_id,
    answer: row.status === null ? undefined : { status: Number(row.status), body: row.response_body ?? '', headers },
  }
}

/** Fills in the claimed row's answer; false when the claim is no longer this request's. */
export async function storeIdempotentAnswer(db: Db, userId: number, key: string, claimId: string, answer: StoredAnswer): Promise<boolean> {
  const rows = await rowsOf<{ key: string }>(db, sql`
    UPDATE idempotency_key SET status = ${answer.status}::int2, response_body = ${answer.body}::text,
      response_headers = ${JSON.stringify(answer.headers)}::jsonb
    WHERE neptun_user_id = ${userId} AND key = ${key} AND claim_id = ${claimId}::uuid RETURNING key`)
  return rows.length === 1
}

/** Gives the key back (the request failed in a way a retry may fix): the next request with it runs. */
export async function releaseIdempotencyKey(db: Db, userId: number, key: string, claimId: string): Promise<void> {
  await db.execute(sql`DELETE FROM idempotency_key WHERE neptun_user_id = ${userId} AND key = ${key} AND claim_id = ${claimId}::uuid`)
}

/** Deletes up to `limit` expired rows (oldest first, by the created_at index); the count deleted. */
export async function deleteExpiredIdempotencyKeys(db: Db, limit = 10_000): Promise<number> {
  const rows = await rowsOf<{ deleted: number | string }>(db, sql`
    WITH expired AS (
      DELETE FROM idempotency_key WHERE (neptun_user_id, key) IN (
        SELECT neptun_user_id, key FROM idempotency_key
        WHERE created_at < now() - make_interval(secs => ${IDEMPOTENCY_TTL_SECONDS}::int4)
        ORDER BY created_at LIMIT ${limit}::int4)
      RETURNING 1)
    SELECT count(*) AS deleted FROM expired`)
  return Number(rows[0]?.deleted ?? 0)
}
