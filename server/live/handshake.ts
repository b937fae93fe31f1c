import { sessionIsCurrent } from '#server/database/queries/users'
import { useDb } from '#server/utils/db'
import { rateLimitExceeded } from '#server/utils/rate-limit'
import { sealedSessionOf } from '#server/utils/session-reader'
import { useSettings } from '#server/settings'
import { errorBody } from '#server/utils/errors'
import { isCrossSite } from '#server/utils/origin'
import { API_CONTENT_SECURITY_POLICY, BASE_SECURITY_HEADERS } from '#server/utils/security-headers'
import { API_KEY_WINDOW_SECONDS, credentialOf, findApiKeyUse, INVALID_API_KEY, missingScope, wwwAuthenticate } from '#server/v1'
import { parsePositiveInt } from '#server/utils/validation'
import { isUuid } from '#shared/utils/uuid'
import type { LiveCredential } from './connection'

// A WebSocket handshake runs outside h3's request pipeline: no middleware, no router params, and
// a thrown error leaves the client waiting. So these helpers read the raw upgrade request and
// answer a refusal as a plain Response, in the API's error shape (docs/api.md, "Live connections").

/** The upgrade request crossws hands to the `upgrade` hook (a Request, plus a context object). */
export interface UpgradeRequest {
  url: string
  headers: Headers
  context: Record<string, unknown>
}

/**
 * The error body (errorBody) as the handshake's answer, with the headers every API answer carries
 * (the handshake skips the middleware that sets them); the socket is not opened.
 */
export function refuseHandshake(statusCode: number, message: string, headers: Record<string, string> = {}): Response {
  const body = errorBody(statusCode, message)
  // Bytes, not a string: a string body would add its own content-type to the (unsent) header list.
  const bytes = new TextEncoder().encode(JSON.stringify(body)).buffer as ArrayBuffer
  return new HandshakeRefusal(bytes, statusCode, body.statusMessage, {
    ...BASE_SECURITY_HEADERS,
    'Content-Security-Policy': API_CONTENT_SECURITY_POLICY,
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
    'Content-Length': String(bytes.byteLength),
    'Connection': 'close',
    ...headers,
  })
}

/**
 * crossws 0.3's Node adapter writes a refused handshake itself, and percent-encodes every header
 * name and value on the way (`content-type: application%2Fjson`); only the status line goes out as
 * given. So this Response carries its headers after the reason phrase, one per line, and keeps
 * its own header list empty.
 * tests/api/security-headers.test.ts reads the head a client gets.
 */
class HandshakeRefusal extends Response {
  readonly #statusText: string
  readonly #body: ArrayBuffer
  readonly #reason: string
  readonly #headers: Record<string, string>

  constructor(body: ArrayBuffer, status: number, reason: string, headers: Record<string, string>) {
    super(body, { status })
    this.#body = body
    this.#reason = reason
    this.#headers = headers
    const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`)
    if (lines.some(line => /[\r\n]/.test(line))) throw new Error('a header of a handshake refusal contains a line break')
    this.#statusText = [reason, ...lines].join('\r\n')
  }

  /** The same refusal with the handshake's X-Request-Id. */
  withRequestId(requestId: string): HandshakeRefusal {
    return new HandshakeRefusal(this.#body, this.status, this.#reason, { ...this.#headers, 'x-request-id': requestId })
  }

  override get statusText(): string {
    return this.#statusText
  }
}

/** A handshake's answer with its X-Request-Id: a refusal carries it, and so does the 101 (crossws' upgrade headers). */
export function withRequestId(refusal: Response | undefined, requestId: string): Response | { headers: Record<string, string> } {
  if (!refusal) return { headers: { 'x-request-id': requestId } }
  return refusal instanceof HandshakeRefusal ? refusal.withRequestId(requestId) : refusal
}

/** The `[name]` segment of the request path matched by `pattern` (one capture group), decoded. */
function pathSegment(request: UpgradeRequest, pattern: RegExp): string | undefined {
  const match = pattern.exec(new URL(request.url).pathname)
  if (!match) return undefined
  try {
    return decodeURIComponent(match[1]!)
  }
  catch {
    return undefined
  }
}

/** /api/v1/chats/{chat_id}/live → the chat's UUID (lower case), or undefined when it is not one. */
export function chatUuidFromPath(request: UpgradeRequest): string | undefined {
  const raw = pathSegment(request, /^\/api\/v1\/chats\/([^/]+)\/live\/?$/)
  return raw && isUuid(raw) ? raw.toLowerCase() : undefined
}

/** /api/users/{user_id}/live → the user id, or undefined when it is not a positive integer. */
export function userIdFromPath(request: UpgradeRequest): number | undefined {
  return parsePositiveInt(pathSegment(request, /^\/api\/users\/([^/]+)\/live\/?$/))
}

/**
 * A browser sends Origin on every WebSocket handshake, and the cookie along with it whatever site
 * opened the socket (SameSite=Lax does not cover WebSockets). A cookie-authenticated handshake is
 * accepted only from this site's own pages: the same rule as the CSRF check (server/utils/origin.ts).
 */
export function isCrossSiteHandshake(request: UpgradeRequest): boolean {
  const forwardedHost = useSettings().trustedProxyHops > 0 ? request.headers.get('x-forwarded-host')?.split(',')[0]?.trim() : undefined
  return isCrossSite({
    secFetchSite: request.headers.get('sec-fetch-site'),
    origin: request.headers.get('origin'),
    host: forwardedHost || request.headers.get('host'),
  })
}

/** Who opens a socket, and with what: revoking that credential later closes it. */
export interface HandshakeIdentity {
  userId: number
  credential: LiveCredential
}

/**
 * The signed-in user from the sealed `neptun-session` cookie, with the session version it carries,
 * if that session is still current (not ended by a sign-out or a password change); else undefined.
 */
export async function sessionIdentityOf(request: UpgradeRequest): Promise<HandshakeIdentity | undefined> {
  let session
  try {
    session = await getUserSession(request)
  }
  catch {
    // No cookie at all: h3 refuses to start a session outside a request handler.
    return undefined
  }
  const sealed = sealedSessionOf(session)
  if (!sealed || !await sessionIsCurrent(await useDb(), sealed.user.id, sealed.sessionVersion)) return undefined
  return { userId: sealed.user.id, credential: { kind: 'session', version: sealed.sessionVersion } }
}

/**
 * Who opens a chat socket: an integration by its API key (`X-API-Key` or `Authorization: Bearer`;
 * when one is there, the cookie is not looked at, as on every v1 route; a handshake counts against
 * the key's rate limit like a request, and the key needs `messages:read`), else the browser by its
 * cookie, from this site only. The identity, or the refusal.
 */
export async function handshakeIdentity(request: UpgradeRequest): Promise<HandshakeIdentity | Response> {
  const credential = credentialOf(request.headers)
  if (credential !== undefined) {
    const use = credential === 'conflict' ? undefined : await findApiKeyUse(credential)
    if (!use) return refuseHandshake(401, INVALID_API_KEY, { 'www-authenticate': wwwAuthenticate(true) })
    const limit = useSettings().apiKeyRateLimitPerMinute
    if (use.hits > limit) {
      return refuseHandshake(429, rateLimitExceeded(limit, API_KEY_WINDOW_SECONDS, use.resetSeconds), { 'retry-after': String(use.resetSeconds) })
    }
    if (!use.scopes.includes(CHAT_SOCKET_SCOPE)) return refuseHandshake(403, missingScope(CHAT_SOCKET_SCOPE).message)
    return { userId: use.userId, credential: { kind: 'api-key', keyId: use.keyId } }
  }
  const identity = await sessionIdentityOf(request)
  if (!identity) return refuseHandshake(401, 'Not signed in')
  if (isCrossSiteHandshake(request)) return refuseHandshake(403, 'Cross-site WebSocket handshakes are refused')
  return identity
}

/** A chat socket carries the chat's messages as they come and go. */
const CHAT_SOCKET_SCOPE = 'messages:read'
