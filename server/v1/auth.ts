import type { H3Event } from 'h3'
import type { ApiKeyScope } from '#shared/utils/api-scopes'
import { findLiveKeyAndCountHit, type ApiKeyUse } from '#server/database/queries/api-keys'
import { useSettings } from '#server/settings'
import { useDb } from '#server/utils/db'
import { apiError, unauthorized } from '#server/utils/errors'
import { applyRateLimit } from '#server/utils/rate-limit'
import { hashApiKey, looksLikeApiKey } from './keys'

// Who calls the v1 API (docs/api.md, "Authentication"): an API key in `X-API-Key` or in
// `Authorization: Bearer`, never the session cookie. Missing, malformed, unknown, revoked and
// expired keys, and two different keys in the two headers, get one 401 with WWW-Authenticate;
// a key without the route's scope gets a 403 naming it.

export const API_KEY_WINDOW_SECONDS = 60
export const INVALID_API_KEY = 'Invalid or missing API key'

export interface ApiKeyAuth {
  keyId: number
  userId: number
  scopes: readonly ApiKeyScope[]
}

/** The credential of a request's headers: the key, none (undefined), or `conflict` (two different keys). */
export function credentialOf(headers: { get: (name: string) => string | null }): string | undefined | 'conflict' {
  const header = headers.get('x-api-key') ?? undefined
  const authorization = headers.get('authorization')
  const bearer = authorization === null ? undefined : /^Bearer +(\S+) *$/i.exec(authorization)?.[1] ?? ''
  if (header !== undefined && bearer !== undefined && header !== bearer) return 'conflict'
  return header ?? bearer
}

/**
 * The WWW-Authenticate of a 401 (RFC 6750): the scheme to use, and `invalid_token` when a
 * credential was sent and refused.
 */
export function wwwAuthenticate(credentialSent: boolean): string {
  return credentialSent ? 'Bearer realm="neptun-v1", error="invalid_token"' : 'Bearer realm="neptun-v1"'
}

/**
 * The live key with this secret, its owner, its scopes and this request counted against its rate
 * limit; no statement at all for a missing or malformed key. undefined: not a live key. Also used
 * by the live sockets' handshake, which runs outside h3's request pipeline.
 */
export async function findApiKeyUse(key: string | undefined): Promise<ApiKeyUse | undefined> {
  if (!key || !looksLikeApiKey(key)) return undefined
  return findLiveKeyAndCountHit(await useDb(), hashApiKey(key), API_KEY_WINDOW_SECONDS)
}

/** The v1 request's key (401 otherwise), counted against its rate limit (RateLimit-* headers, or 429). */
export async function requireApiKey(event: H3Event): Promise<ApiKeyAuth> {
  const credential = credentialOf(event.headers)
  const use = credential === 'conflict' ? undefined : await findApiKeyUse(credential)
  if (!use) {
    setResponseHeader(event, 'WWW-Authenticate', wwwAuthenticate(credential !== undefined))
    throw unauthorized(INVALID_API_KEY)
  }
  applyRateLimit(event, use, { limit: useSettings().apiKeyRateLimitPerMinute, windowSeconds: API_KEY_WINDOW_SECONDS })
  return { keyId: use.keyId, userId: use.userId, scopes: use.scopes }
}

/** The 403 of a key without the route's scope: the message and `data.missing_scope` name it. */
export function missingScope(scope: ApiKeyScope) {
  return apiError(403, `This API key lacks the ${scope} scope`, { missing_scope: scope })
}

export function requireScope(auth: ApiKeyAuth, scope: ApiKeyScope): void {
  if (!auth.scopes.includes(scope)) throw missingScope(scope)
}
