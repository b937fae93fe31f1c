import pg from 'pg'
import { testDatabaseUrl } from '../setup/test-env'

// Tests that need a real Postgres server (it going down, a kill -9 mid-transaction, DDL to provoke
// an error) make their own database on the machine's server, on the PGlite run too, and drop it.

/** The server's `postgres` database: TEST_DATABASE_URL's server when set, else 127.0.0.1:5432. */
function adminUrl(): URL {
  const url = new URL(testDatabaseUrl ?? 'postgres://postgres@127.0.0.1:5432/postgres')
  url.pathname = '/postgres'
  return url
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
  const name = `neptun_${purpose}_${process.pid}_${Date.now()}`
  const admin = adminUrl()
  const client = new pg.Client({ connectionString: admin.toString() })
  await client.connect()
  try {
    await client.query(`CREATE DATABASE ${name}`)
  }
  finally {
    await client.end()
  }
  const url = new URL(admin)
  url.pathname = `/${name}`
  const pool = new pg.Pool({ connectionString: url.toString(), max: 4 })
  // A connection the server terminates (DROP … WITH (FORCE)) must not crash the test process.
  pool.on('error', () => {})
  return {
    url: url.toString(),
    host: url.hostname,
    port: Number(url.port || 5432),
    pool,
    drop: async () => {
      await pool.end()
      const dropper = new pg.Client({ connectionString: admin.toString() })
      await dropper.connect()
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      }
      finally {
        await dropper.end()
      }
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
