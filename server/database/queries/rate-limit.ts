import { sql, type SQL } from 'drizzle-orm'
import type { DbOrTx } from '../client'
import { rowsOf } from './rows'

export interface RateLimitHit {
  /** Requests counted in the current window, this one included. */
  hits: number
  /** Whole seconds until the window ends and the count starts again. */
  resetSeconds: number
}

/**
 * The upsert that counts one hit for each row `buckets` selects (a text column `bucket`), on the
 * bucket's primary key: every server instance shares the count, and no table is scanned. Windows
 * are aligned to the epoch, so all instances agree on when one starts. It answers
 * `hits, reset_seconds` and can stand alone or in a WITH of a larger statement.
 */
export function countHitsSql(buckets: SQL, windowSeconds: number): SQL {
  return sql`
    INSERT INTO rate_limit_counter AS r (bucket, window_start, hits)
    SELECT b.bucket, to_timestamp(floor(extract(epoch FROM now()) / ${windowSeconds}) * ${windowSeconds}), 1
    FROM (${buckets}) AS b
    ON CONFLICT (bucket) DO UPDATE SET
      hits = CASE WHEN r.window_start = excluded.window_start THEN r.hits + 1 ELSE 1 END,
      window_start = excluded.window_start
    RETURNING hits, ceil(extract(epoch FROM (window_start + make_interval(secs => ${windowSeconds}) - now()))) AS reset_seconds`
}

export function toRateLimitHit(row: { hits: number | string, reset_seconds: number | string }): RateLimitHit {
  return { hits: Number(row.hits), resetSeconds: Math.max(1, Number(row.reset_seconds)) }
}

/** Counts one request against `bucket` in a fixed window of `windowSeconds`, in one statement. */
export async function countRateLimitHit(db: DbOrTx, bucket: string, windowSeconds: number): Promise<RateLimitHit> {
  const [row] = await rowsOf<{ hits: number, reset_seconds: number | string }>(db, countHitsSql(sql`SELECT ${bucket}::text AS bucket`, windowSeconds))
  return toRateLimitHit(row!)
}
