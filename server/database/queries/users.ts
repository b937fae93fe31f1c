import { and, eq, sql } from 'drizzle-orm'
import type { DbOrTx } from '../client'
import { queueLiveNotices } from '#server/live/events'
import { neptunUser } from '../schema'
import { rowsOf } from './rows'

/** The account of an email (stored lower-cased), with its password hash for sign-in. */
export async function findUserByEmail(db: DbOrTx, email: string) {
  const [user] = await db.select().from(neptunUser).where(eq(neptunUser.primary_email, email)).limit(1)
  return user
}

/** The account of an id, with its password hash and session version, for a password change. */
export async function findUserById(db: DbOrTx, id: number) {
  const [user] = await db.select().from(neptunUser).where(eq(neptunUser.id, id)).limit(1)
  return user
}

/** Whether an email has an account: sign-up asks before it spends CPU on hashing a password. */
export async function emailIsTaken(db: DbOrTx, email: string): Promise<boolean> {
  const [row] = await db.select({ id: neptunUser.id }).from(neptunUser).where(eq(neptunUser.primary_email, email)).limit(1)
  return row !== undefined
}

/** A new account, or undefined when the email is taken: the unique index decides a race between two sign-ups. */
export async function insertUser(db: DbOrTx, email: string, hashedPassword: string) {
  const [user] = await db.insert(neptunUser).values({ primary_email: email, hashed_password: hashedPassword })
    .onConflictDoNothing({ target: neptunUser.primary_email })
    .returning({ id: neptunUser.id, primary_email: neptunUser.primary_email, session_version: neptunUser.session_version })
  return user
}

/**
 * Whether a session's version is still the account's: one primary-key look-up per signed-in
 * request, the price of revoking every copy of a cookie on every instance.
 */
export async function sessionIsCurrent(db: DbOrTx, userId: number, version: number): Promise<boolean> {
  const [row] = await db.select({ id: neptunUser.id }).from(neptunUser)
    .where(and(eq(neptunUser.id, userId), eq(neptunUser.session_version, version))).limit(1)
  return row !== undefined
}

/**
 * Sign-out: every cookie carrying `version` (or older) stops working, and every instance closes the
 * live sockets opened with one (the notice goes out with the commit, in the same statement).
 */
export async function revokeSessions(db: DbOrTx, userId: number, version: number): Promise<void> {
  await bumpSessionVersion(db, userId, version)
}

/**
 * A new password hash and a new session version in one statement, only while the session that
 * asked is still current (a sign-out elsewhere in between wins); the live sockets of the older
 * sessions close, as on sign-out. Returns the new version.
 */
export async function replacePassword(db: DbOrTx, userId: number, version: number, hashedPassword: string): Promise<number | undefined> {
  return bumpSessionVersion(db, userId, version, hashedPassword)
}

async function bumpSessionVersion(db: DbOrTx, userId: number, version: number, hashedPassword?: string): Promise<number | undefined> {
  const [row] = await rowsOf<{ session_version: number }>(db, sql`
    WITH bumped AS (
      UPDATE neptun_user
      SET session_version = session_version + 1${hashedPassword === undefined ? sql`` : sql`, hashed_password = ${hashedPassword}`}
      WHERE id = ${userId} AND session_version = ${version}
      RETURNING session_version)
    SELECT session_version, ${queueLiveNotices([{ type: 'sessions.revoked', user: userId, below: version + 1 }])} AS notices FROM bumped`)
  return row === undefined ? undefined : Number(row.session_version)
}
