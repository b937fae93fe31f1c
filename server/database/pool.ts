import { connect } from 'node:net'
import type pg from 'pg'

// The pool's connections carry no session state, so they work the same straight to Postgres and
// behind a transaction-mode pooler (PgBouncer), which hands each transaction to whichever server
// connection is free: no startup parameters, no SET, no LISTEN, no advisory locks, no named
// prepared statements. The limits a request runs under are set where they cannot leak:
// - a transaction: its BEGIN is sent with SET LOCAL statement_timeout, lock_timeout and
//   idle_in_transaction_session_timeout, in the same round trip (one simple-protocol message);
// - any statement, inside a transaction or not: the client gives up after the statement timeout,
//   asks the server to cancel it (a CancelRequest, which PgBouncer forwards) and discards the
//   connection — a silent network or a stuck backend never hands a dead connection to the next
//   request.

export interface ConnectionLimits {
  statementTimeoutMs: number
  lockTimeoutMs: number
  connectTimeoutMs: number
}

/** What each transaction's BEGIN becomes: its limits travel with it and end with it. */
export function beginWithLimits({ statementTimeoutMs, lockTimeoutMs }: ConnectionLimits): string {
  const ms = (value: number) => `'${Math.trunc(value)}ms'`
  return [
    'begin',
    `set local statement_timeout = ${ms(statementTimeoutMs)}`,
    `set local lock_timeout = ${ms(lockTimeoutMs)}`,
    // A transaction left open by a stuck or killed instance must not hold its row locks for long.
    `set local idle_in_transaction_session_timeout = ${ms(statementTimeoutMs * 2)}`,
  ].join('; ')
}

type QueryCallback = (error: Error | null, result?: unknown) => void
interface ClientInternals {
  _queryable: boolean
  processID: number | null
  secretKey: number | null
  connection: { stream: { destroy: () => void } }
  connectionParameters: { host: string, port: number }
}

/** The error a statement fails with when its deadline passed: reported as a database timeout. */
export const DEADLINE_MESSAGE = 'Query read timeout'

/**
 * node-postgres' Client with the limits above. Drizzle opens a transaction with the text `begin`
 * (no parameters): that text, and only that, is replaced.
 */
export function clientWithLimits(Client: typeof pg.Client, limits: ConnectionLimits): typeof pg.Client {
  const begin = beginWithLimits(limits)
  return class LimitedClient extends Client {
    constructor(options?: string | pg.ClientConfig) {
      super({
        ...(typeof options === 'object' ? options : {}),
        connectionTimeoutMillis: limits.connectTimeoutMs,
        // node-postgres fails the statement with "Query read timeout" (a database timeout: 503)…
        query_timeout: limits.statementTimeoutMs,
      })
    }

    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    override query(config: any, values?: any, callback?: any): any {
      if (typeof values === 'function') [values, callback] = [undefined, values]
      if (config === 'begin') config = begin
      else if (config?.text === 'begin' && typeof config.submit !== 'function') config = { ...config, text: begin }
      // …but keeps the connection, whose statement may still be running: abandon it.
      const check = (error: unknown) => {
        if (error instanceof Error && error.message === DEADLINE_MESSAGE) this.abandon()
      }
      if (typeof callback === 'function') {
        const original = callback as QueryCallback
        return super.query(config, values, (error: Error | null, result: unknown) => {
          check(error)
          original(error, result)
        })
      }
      const result = super.query(config, values)
      if (result && typeof result.then === 'function') result.then(undefined, check)
      return result
    }

    /** Set once the connection is given up: resolves when the CancelRequest was delivered or gave up. */
    private cancelled?: Promise<void>

    /**
     * The statement ran past its deadline: nothing more is sent on this connection (what is queued
     * fails at once, a database fault answered 503, and the pool never lends it again), the server
     * is asked to cancel the statement (best effort: the network may be the problem), and only
     * then is the connection closed — a pooler forgets a cancel whose client has already left.
     */
    abandon(): void {
      if (this.cancelled) return
      const self = this as unknown as ClientInternals
      // node-postgres' own flag (pg-pool reads it too): queries fail at once, release() discards.
      self._queryable = false
      this.cancelled = self.processID != null && self.secretKey != null
        ? sendCancelRequest(self.connectionParameters, self.processID, self.secretKey, limits.connectTimeoutMs)
        : Promise.resolve()
      void this.cancelled.then(() => self.connection.stream.destroy())
    }

    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    override end(callback?: any): any {
      if (!this.cancelled) return super.end(callback)
      const ended = this.cancelled.then(() => super.end())
      if (typeof callback !== 'function') return ended
      ended.then(() => callback(), callback)
    }
  }
}

/** Postgres' CancelRequest: a connection of its own, 16 bytes; settles when the server closed it or after timeoutMs. */
function sendCancelRequest(target: { host: string, port: number }, processId: number, secretKey: number, timeoutMs: number): Promise<void> {
  if (target.host.startsWith('/')) return Promise.resolve()
  const message = Buffer.alloc(16)
  message.writeInt32BE(16, 0)
  message.writeInt32BE(80877102, 4)
  message.writeInt32BE(processId, 8)
  message.writeInt32BE(secretKey, 12)
  return new Promise((resolve) => {
    // Written, never half-closed: the server (or PgBouncer, which forwards it) closes the connection
    // once the cancel is sent; PgBouncer 1.18 crashes when its cancel client leaves first.
    const socket = connect(target.port, target.host, () => socket.write(message))
    socket.setTimeout(timeoutMs, () => socket.destroy())
    socket.on('error', () => {})
    socket.on('close', () => resolve())
    socket.unref()
  })
}
