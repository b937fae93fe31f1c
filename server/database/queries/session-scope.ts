import { sql, type SQL } from 'drizzle-orm'

// A signed-in request must prove its session was not revoked (session_version, docs/security.md).
// Routes whose work is one statement fold that proof into it instead of a look-up of its own: the
// condition below is evaluated once per statement (an InitPlan on neptun_user's primary key).

/** The user a statement acts for: an id, or a session (id and the version its cookie carries) that must still be current. */
export type Owner = number | { id: number, sessionVersion: number }

export function ownerId(owner: Owner): number {
  return typeof owner === 'number' ? owner : owner.id
}

/** True when the owner is a bare id; for a session, whether its version is still the account's. */
export function sessionCurrent(owner: Owner): SQL {
  if (typeof owner === 'number') return sql`TRUE`
  return sql`EXISTS (SELECT 1 FROM neptun_user u WHERE u.id = ${owner.id} AND u.session_version = ${owner.sessionVersion})`
}
