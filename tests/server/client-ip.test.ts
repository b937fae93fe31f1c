import type { H3Event } from 'h3'
import { describe, expect, it } from 'vitest'
import { clientIp } from '#server/utils/client-ip'

function eventFrom(remoteAddress: string, forwardedFor?: string): H3Event {
  const headers = forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }
  return { node: { req: { socket: { remoteAddress }, headers } } } as unknown as H3Event
}

// The hops are the TRUST_PROXY setting (tests/server/settings.test.ts checks how it is read).
describe('clientIp: the address rate limits count', () => {
  it('is the socket peer with TRUST_PROXY=0: X-Forwarded-For is anybody\'s to write', () => {
    expect(clientIp(eventFrom('203.0.113.7', '198.51.100.1'), 0)).toBe('203.0.113.7')
  })

  it('with TRUST_PROXY=1 is the entry our proxy appended (the last), not what the client wrote before it', () => {
    expect(clientIp(eventFrom('10.0.0.2', 'spoofed, 198.51.100.1'), 1)).toBe('198.51.100.1')
    expect(clientIp(eventFrom('10.0.0.2', '198.51.100.1'), 1)).toBe('198.51.100.1')
  })

  it('with TRUST_PROXY=2 is the second entry from the right', () => {
    expect(clientIp(eventFrom('10.0.0.2', 'spoofed, 198.51.100.1, 10.0.0.9'), 2)).toBe('198.51.100.1')
  })

  it('falls back to the socket peer when a trusted proxy sent no header', () => {
    expect(clientIp(eventFrom('10.0.0.2'), 1)).toBe('10.0.0.2')
  })
})
