import type { H3Event } from 'h3'

function positiveIntEnv(name: string, fallback: number): number {
  const value = Number.parseInt(process.env[name] ?? '', 10)
  return Number.isSafeInteger(value) && value > 0 ? value : fallback
}

/**
 * `NEPTUN_AUTH_RATE_LIMIT` attempts (default 10) per `NEPTUN_AUTH_RATE_WINDOW` seconds (default 60),
 * per client IP and per account, for each of sign-in, sign-up and password change.
 */
export function authRateLimit() {
  return { limit: positiveIntEnv('NEPTUN_AUTH_RATE_LIMIT', 10), windowSeconds: positiveIntEnv('NEPTUN_AUTH_RATE_WINDOW', 60) }
}

/**
 * Guessing passwords and mass sign-ups: counted per client IP and per account, in Postgres so the
 * limit holds across instances, before any password is hashed or verified.
 */
export async function limitAuthAttempts(event: H3Event, action: 'login' | 'register' | 'password', account: string): Promise<void> {
  const { limit, windowSeconds } = authRateLimit()
  await enforceRateLimit(event, { bucket: `${action}-ip:${clientIp(event)}`, limit, windowSeconds })
  await enforceRateLimit(event, { bucket: `${action}-account:${account}`, limit, windowSeconds })
}
