import type { H3Event } from 'h3'

/** Attempts per minute, per client IP and per email, for each of sign-in, sign-up and password change. */
export function authAttemptsPerMinute(): number {
  const limit = Number.parseInt(process.env.NEPTUN_AUTH_RATE_LIMIT ?? '', 10)
  return Number.isSafeInteger(limit) && limit > 0 ? limit : 10
}

/**
 * Guessing passwords and mass sign-ups: counted per client IP and per account, in Postgres so the
 * limit holds across instances, before any password is hashed or verified.
 */
export async function limitAuthAttempts(event: H3Event, action: 'login' | 'register' | 'password', account: string): Promise<void> {
  const limit = authAttemptsPerMinute()
  await enforceRateLimit(event, { bucket: `${action}-ip:${clientIp(event)}`, limit })
  await enforceRateLimit(event, { bucket: `${action}-account:${account}`, limit })
}
