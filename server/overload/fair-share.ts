import type { H3Event } from 'h3'
import { readSealedSession } from '#server/utils/session-reader'
import { clientIp } from '#server/utils/client-ip'
import { useSettings } from '#server/settings'

// One account must not take more than its share of this instance's database pool, whatever it
// sends: each account (the signed-in user, else the API key, else the client address) may have
// `share` API requests running at once (ACCOUNT_CONCURRENCY, default half the pool) and up to
// WAITING_PER_SLOT times as many more waiting, in order, for one of its own slots. A request waiting here holds no
// connection, so other accounts' requests go first. Beyond that — or after waiting as long as a
// request may wait for a pooled connection — 429 with Retry-After, before the database is touched. Counted per process: each instance has a pool of its own.

/** Requests of one account that may wait, per slot (at the default of 5, a burst of 60 key creations still queues). */
export const WAITING_PER_SLOT = 20

interface Gate {
  running: number
  waiting: (() => void)[]
}

const gates = new Map<string, Gate>()

/** The account a request counts against: `user:<id>`, `key:<the key's first characters>`, `ip:<address>`. */
export async function accountOf(event: H3Event): Promise<string> {
  const key = event.node.req.headers['x-api-key']
  // The key's first 24 characters (`nk_` and 126 random bits): enough to tell keys apart, never logged.
  if (typeof key === 'string' && key) return `key:${key.slice(0, 24)}`
  const session = await readSealedSession(event)
  if (session) return `user:${session.user.id}`
  return `ip:${clientIp(event, useSettings().trustedProxyHops)}`
}

export class OverShare extends Error {
  constructor() {
    super('Too many requests of this account at once; try again shortly')
  }
}

/**
 * A slot for one request of `account`: at once while fewer than `share` run, else after waiting
 * (at most `waitMs`, behind at most share × WAITING_PER_SLOT others); otherwise OverShare. The caller calls the
 * returned release once.
 */
export async function enterShare(account: string, share: number, waitMs: number): Promise<() => void> {
  let gate = gates.get(account)
  if (!gate) gates.set(account, gate = { running: 0, waiting: [] })
  if (gate.running >= share) {
    if (gate.waiting.length >= share * WAITING_PER_SLOT) throw new OverShare()
    const waiting = gate.waiting
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        const at = waiting.indexOf(admit)
        if (at !== -1) waiting.splice(at, 1)
        reject(new OverShare())
      }, waitMs)
      const admit = () => {
        clearTimeout(timer)
        resolve()
      }
      waiting.push(admit)
    })
  }
  else {
    gate.running++
  }
  let released = false
  return () => {
    if (released) return
    released = true
    const next = gate.waiting.shift()
    // The slot passes to the next waiting request of the same account as it is.
    if (next) return next()
    gate.running--
    if (gate.running === 0) gates.delete(account)
  }
}

/** Requests of this account running and waiting now (tests and the benchmark read it). */
export function shareInUse(account: string): { running: number, waiting: number } {
  const gate = gates.get(account)
  return { running: gate?.running ?? 0, waiting: gate?.waiting.length ?? 0 }
}

/** The middleware's work: API requests only (not pages, not assets, not live handshakes). */
export async function enforceFairShare(event: H3Event): Promise<void> {
  if (!event.path.startsWith('/api/') || event.node.req.headers.upgrade) return
  const settings = useSettings()
  let release: () => void
  try {
    release = await enterShare(await accountOf(event), settings.accountConcurrency, settings.database.poolTimeoutMs)
  }
  catch (error) {
    if (!(error instanceof OverShare)) throw error
    setResponseHeader(event, 'Retry-After', 1)
    throw tooManyRequests(error.message)
  }
  // A client that went away while this request waited has closed the response already: its
  // 'close' will not come again, so the slot goes back now (else the account's slots leak).
  const response = event.node.res
  if (response.closed || response.destroyed || event.node.req.socket?.destroyed) return release()
  response.once('close', release)
  response.once('finish', release)
}
