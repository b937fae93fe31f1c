import { getRequestHeader, type H3Event } from 'h3'

/**
 * How many proxies of ours stand in front of the server (`TRUST_PROXY`, default 0). Each appends
 * the address it saw to X-Forwarded-For, so the client is the entry that many places from the
 * right; anything further left was written by the client and proves nothing.
 */
export function trustedProxyHops(): number {
  const hops = Number.parseInt(process.env.TRUST_PROXY ?? '', 10)
  return Number.isSafeInteger(hops) && hops > 0 ? hops : 0
}

/** The address a rate limit counts: the socket's peer, or with TRUST_PROXY the proxies' report. */
export function clientIp(event: H3Event): string {
  const socketAddress = event.node.req.socket.remoteAddress ?? 'unknown'
  const hops = trustedProxyHops()
  if (hops === 0) return socketAddress
  const forwarded = (getRequestHeader(event, 'x-forwarded-for') ?? '').split(',').map(entry => entry.trim()).filter(Boolean)
  return forwarded[forwarded.length - hops] ?? forwarded[0] ?? socketAddress
}
