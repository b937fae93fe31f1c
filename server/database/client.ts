import { mkdirSync } from 'node:fs'
import type { Logger } from 'drizzle-orm/logger'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { listenPglite, listenPostgres, type ListenHandlers, type Unlisten } from './listener'
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
  /** PGlite data directory, or memory:// for a throwaway database. */
  pgliteDir?: string
  logger?: Logger
}

export interface OpenDatabase {
  db: Db
  driver: 'postgres' | 'pglite'
  close: () => Promise<void>
  /** LISTEN on a channel: a dedicated connection on Postgres, the embedded database's own on PGlite. */
  listen: (channel: string, handlers: ListenHandlers) => Promise<Unlisten>
}

/** Opens the database the configuration names. Routes never see which driver it is. */
export async function openDatabase(config: DatabaseConfig): Promise<OpenDatabase> {
  const logger = config.logger
  if (config.databaseUrl) {
    const [{ Pool }, { drizzle }] = await Promise.all([import('pg'), import('drizzle-orm/node-postgres')])
    const pool = new Pool({ connectionString: config.databaseUrl, max: Number(process.env.DATABASE_POOL_SIZE) || 10 })
    const db = drizzle(pool, { schema, logger }) as unknown as Db
    const databaseUrl = config.databaseUrl
    return { db, driver: 'postgres', close: () => pool.end(), listen: (channel, handlers) => listenPostgres(databaseUrl, channel, handlers) }
  }
  const dataDir = config.pgliteDir || '.data/pglite'
  if (!dataDir.includes('://')) mkdirSync(dataDir, { recursive: true })
  const [{ PGlite }, { drizzle }] = await Promise.all([import('@electric-sql/pglite'), import('drizzle-orm/pglite')])
  const client = await PGlite.create(dataDir)
  const db = drizzle(client, { schema, logger }) as unknown as Db
  return { db, driver: 'pglite', close: () => client.close(), listen: (channel, handlers) => listenPglite(client, channel, handlers) }
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
