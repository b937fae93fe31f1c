import { mkdirSync } from 'node:fs'
import type { PGlite } from '@electric-sql/pglite'
import type { Logger } from 'drizzle-orm/logger'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { summarizeDatabaseError } from './errors'
import { clientWithLimits } from './pool'
import { DATABASE_DEFAULTS } from '../settings'
import * as schema from './schema'

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>
/** The handle of a transaction: every statement inside one must use it (PGlite has a single connection). */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
export type DbOrTx = Db | Tx

/** Transaction control: node-postgres sends it through drizzle's logger, PGlite does not; counts leave it out. */
export function isTransactionControl(query: string): boolean {
  return /^\s*(?:begin|commit|rollback|savepoint|release)\b/i.test(query)
}

export interface DatabaseConfig {
  /** postgres://… — uses node-postgres. Empty: the embedded PGlite. */
  databaseUrl?: string
  /** node-postgres only: where the live listener's LISTEN connection goes (straight to Postgres, never a transaction-mode pooler); default databaseUrl. */
  listenUrl?: string
  /** PGlite data directory, or memory:// for a throwaway database. */
  pgliteDir?: string
  logger?: Logger
  /** node-postgres only: connections in the pool. */
  poolSize?: number
  /** node-postgres only: how long opening a connection may take. */
  connectTimeoutMs?: number
  /** node-postgres only: how long a query waits for a free connection when the pool is busy. */
  poolTimeoutMs?: number
  /** node-postgres only: a statement running longer is cancelled and answered 503 (server/database/pool.ts). */
  statementTimeoutMs?: number
  /** node-postgres only: how long a statement in a transaction may wait for another's row lock (lock_timeout). */
  lockTimeoutMs?: number
}

/**
 * The open database, and what a LISTEN of its own needs (server/live/listener.ts): the connection
 * string on Postgres, the embedded database itself on PGlite.
 */
export type OpenDatabase = { db: Db, close: () => Promise<void> } & (
  | { driver: 'postgres', databaseUrl: string, listenUrl: string }
  | { driver: 'pglite', pglite: PGlite }
)

/**
 * Opens the database the configuration names (what it leaves out: DATABASE_DEFAULTS, the same as
 * the server's settings). Routes never see which driver it is.
 */
export async function openDatabase(config: DatabaseConfig): Promise<OpenDatabase> {
  const logger = config.logger
  if (config.databaseUrl) {
    const [{ default: { Pool, Client } }, { drizzle }] = await Promise.all([import('pg'), import('drizzle-orm/node-postgres')])
    const connectTimeout = config.connectTimeoutMs ?? DATABASE_DEFAULTS.connectTimeoutMs
    // pg-pool uses one setting for two waits: for a free connection (long under load: the pool is
    // busy, the database is fine) and for a new one to open (short: the database is not answering).
    // The pool gets the first, each connection the second. No startup parameters: a
    // transaction-mode pooler refuses them (pool.ts sets the limits per transaction and statement).
    const pool = new Pool({
      Client: clientWithLimits(Client, {
        connectTimeoutMs: connectTimeout,
        statementTimeoutMs: config.statementTimeoutMs ?? DATABASE_DEFAULTS.statementTimeoutMs,
        lockTimeoutMs: config.lockTimeoutMs ?? DATABASE_DEFAULTS.lockTimeoutMs,
      }),
      connectionString: config.databaseUrl,
      max: config.poolSize ?? DATABASE_DEFAULTS.poolSize,
      connectionTimeoutMillis: Math.max(config.poolTimeoutMs ?? DATABASE_DEFAULTS.poolTimeoutMs, connectTimeout),
    })
    // An idle connection that dies (Postgres restarted, network cut) is emitted here; without a
    // listener it would crash the process. The pool has already dropped it and opens a new one
    // on the next query, so the server serves again as soon as Postgres is back.
    pool.on('error', (error) => {
      console.warn('[neptun] idle database connection lost:', JSON.stringify(summarizeDatabaseError(error) ?? {}))
    })
    const db = drizzle(pool, { schema, logger }) as unknown as Db
    return { db, driver: 'postgres', close: () => pool.end(), databaseUrl: config.databaseUrl, listenUrl: config.listenUrl || config.databaseUrl }
  }
  const dataDir = config.pgliteDir || DATABASE_DEFAULTS.pgliteDir
  if (!dataDir.includes('://')) mkdirSync(dataDir, { recursive: true })
  const [{ PGlite }, { drizzle }] = await Promise.all([import('@electric-sql/pglite'), import('drizzle-orm/pglite')])
  const client = await PGlite.create(dataDir)
  const db = drizzle(client, { schema, logger }) as unknown as Db
  return { db, driver: 'pglite', close: () => client.close(), pglite: client }
}

/** Applies the committed drizzle-kit migrations; a failure propagates to the caller. */
export async function migrateDatabase(open: OpenDatabase, migrationsFolder: string): Promise<void> {
  if (open.driver === 'postgres') {
    const { migrate } = await import('drizzle-orm/node-postgres/migrator')
    await migrate(open.db as never, { migrationsFolder })
  }
  else {
    const { migrate } = await import('drizzle-orm/pglite/migrator')
    await migrate(open.db as never, { migrationsFolder })
  }
}
