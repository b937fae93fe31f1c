import type { SQL } from 'drizzle-orm'
import type { H3Event } from 'h3'
import { useEvent } from 'nitropack/runtime'
import { migrateDatabase, openDatabase, type Db, type DbOrTx, type OpenDatabase } from '../database/client'
import { findMigrationsFolder } from '../database/migrations-folder'
import { seedDemoDataIfEmpty } from '../database/demo-data'

export type { Db, DbOrTx, Tx } from '../database/client'

let ready: Promise<OpenDatabase> | undefined

/**
 * The one way to the database. Nitro does not wait for async plugins, so every caller awaits
 * the migrations here; the first caller starts them.
 */
export async function useDb(): Promise<Db> {
  return (await (ready ??= prepareDatabase())).db
}

export function useDatabaseStartup(): Promise<OpenDatabase> {
  return (ready ??= prepareDatabase())
}

async function prepareDatabase(): Promise<OpenDatabase> {
  const open = await openDatabase({
    databaseUrl: process.env.DATABASE_URL,
    pgliteDir: process.env.PGLITE_DATA_DIR,
    logger: { logQuery: countStatement },
  })
  const folder = findMigrationsFolder(import.meta.url)
  await migrateDatabase(open, folder)
  if (import.meta.dev && open.driver === 'pglite') await seedDemoDataIfEmpty(open.db, hashPassword)
  return open
}

/** Transaction control: node-postgres sends it through the logger, PGlite does not; neither counts. */
const TRANSACTION_CONTROL = /^\s*(?:begin|commit|rollback|savepoint|release)\b/i

/** Counts the statements each request sends; the count goes out in its Server-Timing header. */
function countStatement(query: string): void {
  if (TRANSACTION_CONTROL.test(query)) return
  const event = currentEvent()
  if (event) event.context.dbStatements = (event.context.dbStatements ?? 0) + 1
}

function currentEvent(): H3Event | undefined {
  try {
    return useEvent()
  }
  catch {
    // Outside a request (start-up, migrations) there is nothing to count against.
    return undefined
  }
}

declare module 'h3' {
  interface H3EventContext {
    dbStatements?: number
  }
}

/** Rows of a raw statement, whichever driver ran it (both answer `{ rows }`). */
export async function queryRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = await db.execute(query)
  return (result as unknown as { rows: T[] }).rows
}

/** Raw statements bypass drizzle's column mapping: PGlite answers timestamps as text, pg as Date. */
export function asDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value)
}
