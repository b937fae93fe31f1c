import { parsePositiveInt } from '#server/utils/validation'

// A WebSocket handshake runs outside h3's request pipeline: no middleware, no router params, and
// a thrown error leaves the client waiting. So these helpers read the raw upgrade request and
// answer a refusal as a plain Response, in the seeds' error shape.

/** The upgrade request crossws hands to the `upgrade` hook (a Request, plus a context object). */
export interface UpgradeRequest {
  url: string
  headers: Headers
  context: Record<string, unknown>
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error', 503: 'Service Unavailable',
}

/** `{statusCode, statusMessage, message}` as the handshake's answer; the socket is not opened. */
export function refuseHandshake(statusCode: number, message: string): Response {
  const statusMessage = STATUS_TEXT[statusCode] ?? 'Error'
  return new Response(JSON.stringify({ statusCode, statusMessage, message }), {
    status: statusCode,
    statusText: statusMessage,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  })
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

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
export function chatUuidOf(request: UpgradeRequest): string | undefined {
  const raw = pathSegment(request, /^\/api\/v1\/chats\/([^/]+)\/live\/?$/)
  return raw && UUID.test(raw) ? raw.toLowerCase() : undefined
}

/** /api/users/{user_id}/live → the user id, or undefined when it is not a positive integer. */
export function userIdOf(request: UpgradeRequest): number | undefined {
  return parsePositiveInt(pathSegment(request, /^\/api\/users\/([^/]+)\/live\/?$/))
}

/**
 * A browser sends Origin on every WebSocket handshake, and the cookie along with it whatever site
 * opened the socket (SameSite=Lax does not cover WebSockets). A cookie-authenticated handshake is
 * accepted only from this site's own pages: Origin absent (not a browser) or the same host.
 */
export function isCrossSite(request: UpgradeRequest): boolean {
  const origin = request.headers.get('origin')
  if (origin === null) return false
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host')
  try {
    return new URL(origin).host !== host
  }
  catch {
    return true
  }
}

/** The signed-in user's id from the sealed `neptun-session` cookie; undefined when absent or unreadable. */
export async function sessionUserIdOf(request: UpgradeRequest): Promise<number | undefined> {
  try {
    const session = await getUserSession(request)
    return typeof session.user?.id === 'number' ? session.user.id : undefined
  }
  catch {
    // No cookie at all: h3 refuses to start a session outside a request handler.
    return undefined
  }
}
