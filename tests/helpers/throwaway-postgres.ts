import pg from 'pg'
import { createThrowawayDatabase as createDatabase, databaseUrl } from '../../scripts/throwaway-database'
import { testDatabaseUrl } from '../setup/test-env'

// Tests that need a real Postgres server (it going down, a kill -9 mid-transaction, DDL to provoke
// an error) make their own database on the machine's server, on the PGlite run too, and drop it.

/** The server's `postgres` database: TEST_DATABASE_URL's server when set, else 127.0.0.1:5432. */
function adminUrl(): string {
  return databaseUrl(testDatabaseUrl ?? 'postgres://postgres@127.0.0.1:5432/postgres', 'postgres')
}

export interface ThrowawayDatabase {
  url: string
  /** The database's host and port, for a proxy in front of it. */
  host: string
  port: number
  /** A pool straight to the database (not through any proxy), for setup and checks. */
  pool: pg.Pool
  drop: () => Promise<void>
}

export async function createThrowawayDatabase(purpose: string): Promise<ThrowawayDatabase> {
  const database = await createDatabase(adminUrl(), `neptun_${purpose}_${process.pid}_${Date.now()}`)
  const url = new URL(database.url)
  const pool = new pg.Pool({ connectionString: database.url, max: 4 })
  // A connection the server terminates (DROP … WITH (FORCE)) must not crash the test process.
  pool.on('error', () => {})
  return {
    url: database.url,
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
