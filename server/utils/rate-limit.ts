import type { H3Event } from 'h3'
import { countRateLimitHit, type RateLimitHit } from '#server/database/queries/rate-limit'

export interface RateLimit {
  /** What is counted, e.g. `api-key:42` or `login-ip:203.0.113.9`. */
  bucket: string
  limit: number
  windowSeconds?: number
}

/**
 * Counts the request against its bucket and answers with the IETF RateLimit-* headers; over the
 * limit it throws 429 with Retry-After. The count lives in Postgres, so it holds across instances.
 */
export async function enforceRateLimit(event: H3Event, { bucket, limit, windowSeconds = 60 }: RateLimit): Promise<void> {
  applyRateLimit(event, await countRateLimitHit(await useDb(), bucket, windowSeconds), { limit, windowSeconds })
}

/** The headers, and the 429 over the limit, for a hit already counted (e.g. by the API-key look-up). */
export function applyRateLimit(event: H3Event, { hits, resetSeconds }: RateLimitHit, { limit, windowSeconds }: { limit: number, windowSeconds: number }): void {
  setResponseHeaders(event, {
    'RateLimit-Limit': String(limit),
    'RateLimit-Remaining': String(Math.max(0, limit - hits)),
    'RateLimit-Reset': String(resetSeconds),
  })
  if (hits > limit) {
    setResponseHeader(event, 'Retry-After', resetSeconds)
    throw tooManyRequests(rateLimitExceeded(limit, windowSeconds, resetSeconds))
  }
}

/** The 429's message, for routes and for WebSocket handshakes (which answer a Response of their own). */
export function rateLimitExceeded(limit: number, windowSeconds: number, resetSeconds: number): string {
  return `Rate limit of ${limit} requests per ${windowSeconds} s exceeded; retry in ${resetSeconds} s`
}
