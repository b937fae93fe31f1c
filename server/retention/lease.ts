import { sql } from 'drizzle-orm'
import type { DbOrTx } from '#server/database/client'
import { rowsOf } from '#server/database/queries/rows'

// A lease row per job in Postgres (job_lease): taking, renewing and giving it up are one statement
// each, with no session state (no advisory locks), so it works behind a transaction-mode pooler.
// A holder that dies keeps it until it expires; then anybody may take it.

/** Takes the lease for `seconds` if it is free, expired or already ours; true when we hold it. */
export async function takeLease(db: DbOrTx, name: string, holder: string, seconds: number): Promise<boolean> {
  const rows = await rowsOf<{ holder: string }>(db, sql`
    INSERT INTO job_lease (name, holder, expires_at) VALUES (${name}, ${holder}::uuid, now() + make_interval(secs => ${seconds}))
    ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
    WHERE job_lease.expires_at < now() OR job_lease.holder = EXCLUDED.holder
    RETURNING holder`)
  return rows.length === 1
}

/** Extends our lease; false when it is no longer ours (it expired and somebody took it). */
export async function renewLease(db: DbOrTx, name: string, holder: string, seconds: number): Promise<boolean> {
  const rows = await rowsOf<{ name: string }>(db, sql`
    UPDATE job_lease SET expires_at = now() + make_interval(secs => ${seconds})
    WHERE name = ${name} AND holder = ${holder}::uuid RETURNING name`)
  return rows.length === 1
}

/** Gives our lease up at once, so the next run (on any instance) need not wait for it to expire. */
export async function releaseLease(db: DbOrTx, name: string, holder: string): Promise<void> {
  await db.execute(sql`UPDATE job_lease SET holder = NULL, expires_at = now() WHERE name = ${name} AND holder = ${holder}::uuid`)
}
