import type { H3Event } from 'h3'
import { useSettings } from '#server/settings'

/**
 * Guessing passwords and mass sign-ups: `NEPTUN_AUTH_RATE_LIMIT` attempts (default 10) per
 * `NEPTUN_AUTH_RATE_WINDOW` seconds (default 60) for each of sign-in, sign-up and password change,
 * counted per client IP and per account, in Postgres so the limit holds across instances, before
 * any password is hashed or verified.
 */
export async function limitAuthAttempts(event: H3Event, action: 'login' | 'register' | 'password', account: string): Promise<void> {
  const { authRateLimit: { limit, windowSeconds }, trustedProxyHops } = useSettings()
  await enforceRateLimit(event, { bucket: `${action}-ip:${clientIp(event, trustedProxyHops)}`, limit, windowSeconds })
  await enforceRateLimit(event, { bucket: `${action}-account:${account}`, limit, windowSeconds })
}
