import { sql } from 'drizzle-orm'
import type { RetentionPolicy, RetentionPreview } from '#shared/types/retention'
import type { DbOrTx } from '#server/database/client'
import { rowsOf, toDate } from '#server/database/queries/rows'
import { ownerId, sessionCurrent, type Owner } from '#server/database/queries/session-scope'

// A project's retention policy: read, set or removed in one statement that also checks the
// project is the owner's (and, for a session, that it is current). undefined: no such project.

interface RawPolicy {
  days: number | null
  last_run_at: Date | string | null
  last_deleted_chats: number | null
  last_skipped_live: number | null
}

function toPolicy(row: RawPolicy): RetentionPolicy {
  return {
    days: row.days === null ? null : Number(row.days),
    last_run: row.last_run_at === null
      ? null
      : { at: toDate(row.last_run_at).toISOString(), deleted_chats: Number(row.last_deleted_chats ?? 0), skipped_live: Number(row.last_skipped_live ?? 0) },
  }
}

const ownedProject = (owner: Owner, projectId: number) => sql`
  SELECT p.id FROM neptun_user_project p WHERE p.id = ${projectId} AND p.neptun_user_id = ${ownerId(owner)} AND ${sessionCurrent(owner)}`

export async function findRetentionPolicy(db: DbOrTx, owner: Owner, projectId: number): Promise<RetentionPolicy | undefined> {
  const [row] = await rowsOf<RawPolicy>(db, sql`
    WITH p AS (${ownedProject(owner, projectId)})
    SELECT r.days, r.last_run_at, r.last_deleted_chats, r.last_skipped_live
    FROM p LEFT JOIN project_retention_policy r ON r.project_id = p.id`)
  return row && toPolicy(row)
}

/** Sets the policy to `days` (1–3650), or removes it (null) with its last run's summary. */
export async function setRetentionPolicy(db: DbOrTx, owner: Owner, projectId: number, days: number | null): Promise<RetentionPolicy | undefined> {
  const change = days === null
    ? sql`DELETE FROM project_retention_policy r USING p WHERE r.project_id = p.id RETURNING r.*`
    : sql`INSERT INTO project_retention_policy (project_id, days) SELECT id, ${days} FROM p
          ON CONFLICT (project_id) DO UPDATE SET days = EXCLUDED.days, updated_at = now() RETURNING *`
  const [row] = await rowsOf<RawPolicy>(db, sql`
    WITH p AS (${ownedProject(owner, projectId)}), changed AS (${change})
    SELECT changed.days, changed.last_run_at, changed.last_deleted_chats, changed.last_skipped_live
    FROM p LEFT JOIN changed ON true`)
  if (!row) return undefined
  return days === null ? { days: null, last_run: null } : toPolicy(row)
}

/**
 * What a policy of `days` would do to the project right now, in one statement: the chats linked to
 * it not updated for `days` days, how many of those are kept (exempt) and how many not kept but
 * open live (skipped); `would_delete` is the rest.
 */
export async function previewRetention(db: DbOrTx, owner: Owner, projectId: number, days: number, liveTtlSeconds: number): Promise<RetentionPreview | undefined> {
  const [row] = await rowsOf<{ old: number, kept: number, live: number }>(db, sql`
    WITH p AS (${ownedProject(owner, projectId)}), old AS (
      SELECT c.id, c.kept FROM p
      JOIN project_chat_conversation l ON l.project_id = p.id
      JOIN chat_conversation c ON c.id = l.chat_conversation_id
      WHERE c.neptun_user_id = ${ownerId(owner)} AND c.updated_at < now() - make_interval(days => ${days})
    )
    SELECT (SELECT count(*)::int4 FROM old) AS old,
      (SELECT count(*)::int4 FROM old WHERE kept) AS kept,
      (SELECT count(*)::int4 FROM old WHERE NOT kept AND EXISTS (
        SELECT 1 FROM live_connection lc
        WHERE lc.chat_conversation_id = old.id AND lc.heartbeat_at >= now() - make_interval(secs => ${liveTtlSeconds}))) AS live
    FROM p`)
  if (!row) return undefined
  const [old, kept, live] = [Number(row.old), Number(row.kept), Number(row.live)]
  return { days, would_delete: old - kept - live, kept, live }
}
