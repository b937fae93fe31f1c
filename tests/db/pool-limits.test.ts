import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { openDatabase, type OpenDatabase } from '#server/database/client'
import { databaseFaultOf } from '#server/database/errors'
import { rowsOf } from '#server/database/queries/rows'
import { pollUntil } from '../helpers/poll'
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy'
import { createThrowawayDatabase, viaProxy, type ThrowawayDatabase } from '../helpers/throwaway-postgres'

// The pool's limits without session state (server/database/pool.ts), on a Postgres database of its
// own (on the PGlite run too; through the pooler on the PgBouncer run), one connection in the pool
// so that every statement reuses the connection the previous one left.

const STATEMENT_TIMEOUT_MS = 1500
const LOCK_TIMEOUT_MS = 200
let database: ThrowawayDatabase
let proxy: TcpProxy
let open: OpenDatabase

beforeAll(async () => {
  database = await createThrowawayDatabase('pool')
  await database.pool.query('CREATE TABLE t (id int PRIMARY KEY, n int NOT NULL)')
  await database.pool.query('INSERT INTO t VALUES (1, 0)')
  proxy = await startTcpProxy(database)
  open = await openDatabase({
    databaseUrl: viaProxy(database.url, proxy.port),
    poolSize: 1,
    statementTimeoutMs: STATEMENT_TIMEOUT_MS,
    lockTimeoutMs: LOCK_TIMEOUT_MS,
  })
})

afterAll(async () => {
  await open?.close()
  await proxy?.close()
  await database?.drop()
})

async function setting(name: string, db = open.db): Promise<string> {
  const [row] = await rowsOf<{ value: string }>(db, sql`SELECT current_setting(${name}) AS value`)
  return row!.value
}

const caught = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error)

describe('limits without session state', () => {
  it('a transaction runs under its own limits, and the connection keeps none of them after it', async () => {
    const inside = await open.db.transaction(async tx => ({
      statement: await setting('statement_timeout', tx as never),
      lock: await setting('lock_timeout', tx as never),
      idle: await setting('idle_in_transaction_session_timeout', tx as never),
    }))
    expect(inside).toEqual({ statement: '1500ms', lock: '200ms', idle: '3s' })
    // The same (only) connection, outside any transaction: the server's defaults, nothing set at start-up.
    expect(await setting('lock_timeout')).toBe('0')
    expect(await setting('statement_timeout')).toBe('0')
  })

  it('a statement waiting on a row lock another transaction holds gives up after lock_timeout (busy → 429), and its connection serves the next', async () => {
    const locker = await database.pool.connect()
    try {
      await locker.query('BEGIN')
      await locker.query('SELECT n FROM t WHERE id = 1 FOR UPDATE')
      const error = await caught(open.db.transaction(async (tx) => {
        await tx.execute(sql`UPDATE t SET n = n + 1 WHERE id = 1`)
      }))
      expect(databaseFaultOf(error)).toBe('busy')
    }
    finally {
      await locker.query('ROLLBACK')
      locker.release()
    }
    expect(await setting('lock_timeout')).toBe('0')
  })

  it('a statement past the deadline fails as a timeout, is cancelled on the server, and its connection is replaced', async () => {
    const error = await caught(open.db.execute(sql`SELECT pg_sleep(30)`))
    expect(databaseFaultOf(error)).toBe('timeout')
    await pollUntil(
      async () => (await database.pool.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(30)%' AND state = 'active'`)).rows[0].n,
      n => n === 0, 'statements still sleeping')
    expect(await setting('statement_timeout')).toBe('0')
  })

  it('a silent network: the statement in flight fails within the deadline, the dead connection is dropped, and service returns by itself', async () => {
    await setting('lock_timeout')
    proxy.stall()
    const error = await caught(open.db.execute(sql`SELECT 1`))
    expect(databaseFaultOf(error)).toBeDefined()
    proxy.cut()
    proxy.restore()
    expect(await setting('lock_timeout')).toBe('0')
  })
})
