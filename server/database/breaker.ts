// The circuit breaker in front of the pool. The live listener's connection (server/live/
// listener.ts), which every instance on Postgres keeps open, pings the database every
// PING_INTERVAL_MS; a ping (or a reconnect) left unanswered for PING_DEADLINE_MS opens the
// breaker: the database is silent (a network partition drops packets, or Postgres hangs).
// While open, a request asking for a connection is refused at once (503 with Retry-After) instead
// of waiting out its timeouts, and the connections lent out when it opened are dropped, so the
// requests in flight answer 503 at once too. The first answered ping or reconnect closes it:
// service returns by itself.

export const PING_INTERVAL_MS = 250
export const PING_DEADLINE_MS = 1500

type Listener = (open: boolean) => void

let openSince: number | undefined
const listeners = new Set<Listener>()

export function isBreakerOpen(): boolean {
  return openSince !== undefined
}

/** The database stopped answering: refuse new requests, drop the connections lent out. */
export function openBreaker(reason: string): void {
  if (openSince !== undefined) return
  openSince = Date.now()
  console.warn(`[neptun] database silent (${reason}): refusing requests until it answers`)
  for (const listener of listeners) listener(true)
}

/** The database answered again. */
export function closeBreaker(): void {
  if (openSince === undefined) return
  console.info(`[neptun] database answers again after ${Date.now() - openSince} ms`)
  openSince = undefined
  for (const listener of listeners) listener(false)
}

/** Called on every change (the pool drops its lent-out connections on open). */
export function onBreakerChange(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** The error a request gets while the breaker is open: a database fault (503). */
export class DatabaseSilentError extends Error {
  readonly code = 'NEPTUN_DATABASE_SILENT'
  constructor() {
    super('The database is not answering')
  }
}
