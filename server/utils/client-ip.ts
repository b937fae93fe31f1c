import { getRequestHeader, type H3Event } from 'h3'

/**
 * The address a rate limit counts: the socket's peer, or, behind `hops` proxies of ours (the
 * TRUST_PROXY setting), the address they report. Each appends the address it saw to
 * X-Forwarded-For, so the client is the entry that many places from the right; anything further
 * left was written by the client and proves nothing.
 */
export function clientIp(event: H3Event, hops: number): string {
  const socketAddress = event.node.req.socket.remoteAddress ?? 'unknown'
  if (hops === 0) return socketAddress
  const forwarded = (getRequestHeader(event, 'x-forwarded-for') ?? '').split(',').map(entry => entry.trim()).filter(Boolean)
  return forwarded[forwarded.length - hops] ?? forwarded[0] ?? socketAddress
}
