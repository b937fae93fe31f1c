import pg from 'pg'
import { createThrowawayDatabase as createDatabase, databaseUrl } from '../../scripts/throwaway-database'
import { testDatabaseListenUrl, testDatabaseUrl } from '../setup/test-env'

// Tests that need a real Postgres server (it going down, a kill -9 mid-transaction, DDL to provoke
// an error) make their own database on the machine's server, on the PGlite run too, and drop it.

const MACHINE_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres'

/** The server's `postgres` database, straight: TEST_DATABASE_(LISTEN_)URL's server when set, else 127.0.0.1:5432. */
function adminUrl(): string {
  return databaseUrl(testDatabaseListenUrl ?? MACHINE_POSTGRES, 'postgres')
}

export interface ThrowawayDatabase {
  /** Through TEST_DATABASE_URL's pooler when the run has one, else straight. */
  url: string
  /** Straight to Postgres: the DATABASE_LISTEN_URL of servers started on it. */
  listenUrl: string
  /** The database's host and port, for a proxy in front of it. */
  host: string
  port: number
  /** A pool straight to the database (not through any proxy or pooler), for setup and checks. */
  pool: pg.Pool
  drop: () => Promise<void>
}

export async function createThrowawayDatabase(purpose: string): Promise<ThrowawayDatabase> {
  const name = `neptun_${purpose}_${process.pid}_${Date.now()}`
  const database = await createDatabase(adminUrl(), name)
  const pooled = databaseUrl(testDatabaseUrl ?? MACHINE_POSTGRES, name)
  const url = new URL(pooled)
  const pool = new pg.Pool({ connectionString: database.url, max: 4 })
  // A connection the server terminates (DROP … WITH (FORCE)) must not crash the test process.
  pool.on('error', () => {})
  return {
    url: pooled,
    listenUrl: database.url,
    host: url.hostname,
    port: Number(url.port || 5432),
    pool,
    drop: async () => {
      await pool.end()
      await database.drop()
    },
  }
}

/** The same database reached through another host and port (a proxy): user, password and name kept. */
export function viaProxy(databaseUrl: string, port: number): string {
  const url = new URL(databaseUrl)
  url.hostname = '127.0.0.1'
  url.port = String(port)
  return url.toString()
}
