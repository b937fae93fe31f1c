import type { H3Event } from 'h3'
import { useSettings } from '#server/settings'

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const SESSION_COOKIE = 'neptun-session'

/**
 * Whether the browser says this request comes from another site: `Sec-Fetch-Site: cross-site`, or
 * an Origin that is not ours (`null` included). Ours is NEPTUN_PUBLIC_ORIGIN when set (compared
 * whole); otherwise the request's own Host (X-Forwarded-Host with TRUST_PROXY), compared by host
 * only, since TLS may end at a proxy that forwards plain http.
 */
export function isCrossSiteRequest(event: H3Event): boolean {
  return isCrossSite({
    secFetchSite: getRequestHeader(event, 'sec-fetch-site'),
    origin: getRequestHeader(event, 'origin'),
    host: getRequestHost(event, { xForwardedHost: useSettings().trustedProxyHops > 0 }),
  })
}

/** isCrossSiteRequest on raw headers, for WebSocket handshakes (which are not h3 events). */
export function isCrossSite({ secFetchSite, origin, host }: { secFetchSite?: string | null, origin?: string | null, host?: string | null }): boolean {
  if (secFetchSite === 'cross-site') return true
  if (origin === undefined || origin === null) return false
  const configured = useSettings().publicOrigins
  if (configured.length) return !configured.includes(origin)
  return hostOf(origin) !== host
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host
  }
  catch {
    return undefined
  }
}

/**
 * A request a forged page could make a browser send with the user's authority: it changes state
 * and carries the session cookie, or it signs in or up (a forged sign-in would put the victim in
 * the attacker's account).
 */
export function needsSameOrigin(event: H3Event): boolean {
  if (!STATE_CHANGING.has(event.method)) return false
  if (event.path.startsWith('/api/auth/')) return true
  return parseCookies(event)[SESSION_COOKIE] !== undefined
}
