import pg from 'pg'

// A database of its own on a Postgres server, for the benchmark, the soak and the tests that need a
// real server (faults, kill -9, several instances): created empty, dropped WITH (FORCE) afterwards.

export interface ThrowawayDatabaseHandle {
  url: string
  drop: () => Promise<void>
}

/** The same Postgres server as `url`, another database name. */
export function databaseUrl(url: string, database: string): string {
  const other = new URL(url)
  other.pathname = `/${database}`
  return other.toString()
}

async function runOnServer(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    await client.query(statement)
  }
  finally {
    await client.end()
  }
}

/** Creates `name` on the server `adminUrl` points at; only names of ours (`neptun_…`) are managed. */
export async function createThrowawayDatabase(adminUrl: string, name: string): Promise<ThrowawayDatabaseHandle> {
  if (!/^neptun_\w+$/.test(name)) throw new Error(`refusing to manage database "${name}"`)
  await runOnServer(adminUrl, `CREATE DATABASE ${name}`)
  return {
    url: databaseUrl(adminUrl, name),
    drop: () => runOnServer(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  }
}
