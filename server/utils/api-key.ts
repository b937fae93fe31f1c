import { createHash, randomBytes } from 'node:crypto'
import type { H3Event } from 'h3'
import { findLiveKeyAndCountHit, type ApiKeyUse } from '#server/database/queries/api-keys'
import { useSettings } from '#server/settings'

const KEY_PREFIX = 'nk_'
/** What the owner sees of a key to tell it apart: `nk_` and 7 of its random characters. */
const SHOWN_CHARACTERS = 10
/** `nk_` + base64url of 32 random bytes (43 characters); anything else is not a key. */
const KEY_FORMAT = /^nk_[\w-]{43}$/

export const MAX_LIVE_API_KEYS = 50

export interface NewApiKey {
  /** The secret: shown once, in the create answer, never stored. */
  key: string
  prefix: string
  keyHash: string
}

/** 256 random bits: a SHA-256 of it is as hard to reverse as the key is to guess, so no slow hash. */
export function generateApiKey(): NewApiKey {
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`
  return { key, prefix: key.slice(0, SHOWN_CHARACTERS), keyHash: hashApiKey(key) }
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex')
}

export interface ApiKeyAuth {
  keyId: number
  userId: number
}

/**
 * The v1 routes' authentication: the X-API-Key header only (the session cookie is ignored). One
 * statement finds the live key by its hash, notes its use and counts the request; then the
 * RateLimit-* headers, or 429. Missing, malformed, unknown and revoked keys get one 401, and the
 * key itself is never logged or echoed.
 */
export async function requireApiKey(event: H3Event): Promise<ApiKeyAuth> {
  const use = await findApiKeyUse(getRequestHeader(event, 'x-api-key'))
  if (!use) throw invalidApiKey()
  applyRateLimit(event, use, { limit: useSettings().apiKeyRateLimitPerMinute, windowSeconds: API_KEY_WINDOW_SECONDS })
  return { keyId: use.keyId, userId: use.userId }
}

export const API_KEY_WINDOW_SECONDS = 60

/**
 * The live key with this secret, its owner and this request counted against its rate limit; no
 * statement at all for a missing or malformed key. undefined: not a live key. Also used by the
 * live sockets' handshake, which runs outside h3's request pipeline.
 */
export async function findApiKeyUse(key: string | undefined): Promise<ApiKeyUse | undefined> {
  if (!key || !KEY_FORMAT.test(key)) return undefined
  return findLiveKeyAndCountHit(await useDb(), hashApiKey(key), API_KEY_WINDOW_SECONDS)
}

export const INVALID_API_KEY = 'Invalid or missing API key'

function invalidApiKey() {
  return unauthorized(INVALID_API_KEY)
}
