import type { H3Event } from 'h3'
import { sessionIsCurrent } from '#server/database/queries/users'

declare module '#auth-utils' {
  interface User {
    id: number
    primary_email: string
  }
  interface SecureSessionData {
    /** The account's session_version when the cookie was sealed; never sent to the browser. */
    session_version: number
    /** When the password was last entered (ms since the epoch): sign-in, sign-up, password change, re-entry (server/utils/sudo.ts). */
    password_at?: number
  }
}

const NO_ACCESS = 'You do not have access to view the information.'

export interface SessionUser {
  id: number
  primary_email: string
  sessionVersion: number
  /** When the password was last entered (ms); undefined in sessions sealed before it was recorded. */
  passwordAt?: number
}

/**
 * The signed-in user from the sealed cookie. No cookie, one that does not unseal (tampered, sealed
 * with another password, expired), or one whose session version was revoked → 401.
 */
export async function requireSessionUser(event: H3Event, message = 'Not signed in'): Promise<SessionUser> {
  const user = await readSessionUser(event, message)
  await requireCurrentSession(user, message)
  return user
}

/**
 * For every /api/users/[user_id]/** route: the session's user, who must be the path's user_id.
 * A user_id that is not a positive integer is a 400; anybody else's is the 401 of docs/api.md, "Conventions".
 */
export async function requirePathUser(event: H3Event): Promise<number> {
  return (await requirePathSession(event)).id
}

/**
 * requirePathUser without the session-version look-up, for routes whose one statement checks the
 * version itself (they pass the SessionUser as the query's Owner). When that statement finds
 * nothing, answer with `throw await notFoundUnlessRevoked(user, …)`: 401 if the session was revoked.
 */
export async function readPathSession(event: H3Event): Promise<SessionUser> {
  const user = await readSessionUser(event, NO_ACCESS)
  if (requireIdParam(event, 'user_id') !== user.id) throw unauthorized(NO_ACCESS)
  return user
}

/** The error for a statement that found nothing for a session owner: 401 for a revoked session (one look-up), else the 404. */
export async function notFoundUnlessRevoked(user: SessionUser, message: string, data?: unknown) {
  const current = await sessionIsCurrent(await useDb(), user.id, user.sessionVersion)
  return current ? notFound(message, data) : unauthorized(NO_ACCESS)
}

/** requirePathUser for the routes that also need the session's version (password change). */
export async function requirePathSession(event: H3Event): Promise<SessionUser> {
  const user = await readSessionUser(event, NO_ACCESS)
  const userId = requireIdParam(event, 'user_id')
  if (userId !== user.id) throw unauthorized(NO_ACCESS)
  // Last, so a request for somebody else's path costs no statement.
  await requireCurrentSession(user, NO_ACCESS)
  return user
}

async function readSessionUser(event: H3Event, message: string): Promise<SessionUser> {
  const session = await readSealedSession(event)
  if (!session) throw unauthorized(message)
  return { id: session.user.id, primary_email: session.user.primary_email, sessionVersion: session.sessionVersion, passwordAt: session.passwordAt }
}

async function requireCurrentSession(user: SessionUser, message: string): Promise<void> {
  if (!(await sessionIsCurrent(await useDb(), user.id, user.sessionVersion))) throw unauthorized(message)
}

/** A fresh session (new id: no fixation) for a user at a session version; the password was just entered. */
export async function startSession(event: H3Event, user: { id: number, primary_email: string }, sessionVersion: number) {
  await replaceUserSession(event, { user: publicUser(user), secure: { session_version: sessionVersion, password_at: Date.now() } })
}

export function publicUser(user: { id: number, primary_email: string }) {
  return { id: user.id, primary_email: user.primary_email }
}

let dummyHash: Promise<string> | undefined

/**
 * A real scrypt hash of nothing anybody knows: sign-in verifies against it when the email has no
 * account, so an unknown email costs the same time as a wrong password and does not reveal itself.
 */
export function passwordHashFor(user: { hashed_password: string } | undefined): Promise<string> {
  if (user) return Promise.resolve(user.hashed_password)
  return (dummyHash ??= hashPassword(crypto.randomUUID()))
}
