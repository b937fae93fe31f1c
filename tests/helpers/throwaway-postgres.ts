import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { migrateDatabase, openDatabase, type OpenDatabase } from '#server/database/client'
import { resolve } from 'node:path'

// The multi-instance tests need a real Postgres whatever database the rest of the run uses
// (PGlite lives inside one process). They make their own database on the local server, and drop it.

/** The server to make it on: LIVE_TEST_POSTGRES_URL, else the TEST_DATABASE_URL's server, else the local one. */
function adminUrl(): string {
  const url = new URL(process.env.LIVE_TEST_POSTGRES_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres')
  url.pathname = '/postgres'
  return url.toString()
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl() })
  await client.connect()
  try {
    await client.query(statement)
  }
  finally {
    await client.end()
  }
}

export interface ThrowawayDatabase {
  url: string
  /** The data layer on it, migrated (so the instances find the schema ready). */
  open: OpenDatabase
  drop: () => Promise<void>
}

export async function createThrowawayDatabase(): Promise<ThrowawayDatabase> {
  const name = `neptun_throwaway_${randomBytes(6).toString('hex')}`
  await admin(`CREATE DATABASE ${name}`)
  const url = new URL(adminUrl())
  url.pathname = `/${name}`
  const open = await openDatabase({ databaseUrl: url.toString() })
  await migrateDatabase(open, resolve(import.meta.dirname, '../../drizzle'))
  return {
    url: url.toString(),
    open,
    async drop() {
      await open.close()
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    },
  }
}
