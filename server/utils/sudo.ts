import type { H3Event } from 'h3'
import { findUserById } from '#server/database/queries/users'
import { useSettings } from '#server/settings'
import type { SessionUser } from './auth'

// Sudo mode (docs/security.md, "Sudo mode"), as GitHub does it: making an API key needs the
// password entered within the last SUDO_WINDOW_SECONDS (default 10 minutes). The time of the last
// entry lives in the sealed session (secure.password_at): sign-in, sign-up and a password change
// set it, and so does the password sent with the request itself, which re-seals the cookie. A
// stolen cookie alone, once older than the window, cannot mint a key. 403, not 401: the session is
// fine, and the browser sends a 401 to the sign-in page.

export const REAUTH_REQUIRED = 'reauth_required'
export const INVALID_PASSWORD = 'invalid_password'

/**
 * Passes when the session's password entry is recent, or `password` is the account's (then the
 * session's entry time is renewed); else 403 with data.reason reauth_required or invalid_password.
 */
export async function requireRecentPassword(event: H3Event, session: SessionUser, password: string | undefined): Promise<void> {
  if (password === undefined) {
    const windowMs = useSettings().sudoWindowSeconds * 1000
    if (session.passwordAt !== undefined && Date.now() - session.passwordAt <= windowMs) return
    throw apiError(403, 'Enter your password again to continue', { reason: REAUTH_REQUIRED })
  }
  await limitAuthAttempts(event, 'password', String(session.id))
  const user = await findUserById(await useDb(), session.id)
  if (!user || !(await verifyPassword(user.hashed_password, password))) {
    throw apiError(403, 'Password is incorrect', { reason: INVALID_PASSWORD })
  }
  await setUserSession(event, { secure: { session_version: session.sessionVersion, password_at: Date.now() } })
}
