import type { PGlite } from '@electric-sql/pglite'
import type pg from 'pg'
import type { OpenDatabase } from '#server/database/client'

// The LISTEN side of the live events, per driver: Postgres delivers NOTIFY payloads to a
// connection of our own; PGlite runs in this process and delivers them itself.

/** What a LISTEN subscription calls: every payload on the channel, and after a lost connection came back. */
export interface ListenHandlers {
  onPayload: (payload: string) => void
  /** Notifications sent while the connection was down are lost: the caller re-reads what it serves. */
  onReconnect: () => void
}

export type Unlisten = () => Promise<void>

/** The listener's application_name, so operators (and tests) can find its backend in pg_stat_activity. */
export const LISTENER_APPLICATION_NAME = 'neptun-live-listener'

const RECONNECT_DELAYS_MS = [100, 250, 500, 1000, 2000, 5000]

/** LISTEN on a channel of the open database, whichever its driver. */
export function listen(open: OpenDatabase, channel: string, handlers: ListenHandlers): Promise<Unlisten> {
  return open.driver === 'postgres' ? listenPostgres(open.listenUrl, channel, handlers) : listenPglite(open.pglite, channel, handlers)
}

/**
 * A dedicated node-postgres connection that only LISTENs (a pooled connection would drop the
 * subscription when it goes back to the pool). When it breaks it reconnects with backoff, forever,
 * and reports the gap through onReconnect. The first connection must succeed: a server that cannot
 * listen refuses live sockets rather than serve them deaf.
 */
async function listenPostgres(connectionString: string, channel: string, handlers: ListenHandlers): Promise<Unlisten> {
  const { default: { Client } } = await import('pg')
  let current: pg.Client | undefined
  let stopped = false
  let attempt = 0
  let timer: NodeJS.Timeout | undefined

  async function connect(): Promise<void> {
    // Like the pool's connections: a database that does not answer fails the attempt in 5 s (and it is retried).
    const client = new Client({ connectionString, application_name: LISTENER_APPLICATION_NAME, keepAlive: true, connectionTimeoutMillis: 5000 })
    client.on('notification', (message) => {
      if (message.channel === channel && message.payload) handlers.onPayload(message.payload)
    })
    // An error is followed by 'end' (or the connect() rejection); reconnecting happens there.
    client.on('error', () => {})
    client.on('end', () => {
      if (current === client) {
        current = undefined
        scheduleReconnect()
      }
    })
    try {
      await client.connect()
      await client.query(`LISTEN ${client.escapeIdentifier(channel)}`)
    }
    catch (error) {
      client.end().catch(() => {})
      throw error
    }
    if (stopped) {
      await client.end()
      return
    }
    current = client
  }

  function scheduleReconnect() {
    if (stopped || timer) return
    const delay = RECONNECT_DELAYS_MS[Math.min(attempt++, RECONNECT_DELAYS_MS.length - 1)]
    timer = setTimeout(() => {
      timer = undefined
      connect().then(
        () => {
          attempt = 0
          if (!stopped) handlers.onReconnect()
        },
        (error: unknown) => {
          console.warn(`[neptun] live listener: reconnect failed (${(error as Error).message}); retrying`)
          scheduleReconnect()
        },
      )
    }, delay)
    timer.unref()
  }

  await connect()
  return async () => {
    stopped = true
    clearTimeout(timer)
    const client = current
    current = undefined
    await client?.end()
  }
}

/** PGlite is in this process: its own LISTEN delivers every committed NOTIFY and never disconnects. */
async function listenPglite(client: PGlite, channel: string, handlers: ListenHandlers): Promise<Unlisten> {
  const unlisten = await client.listen(channel, handlers.onPayload)
  return unlisten
}
