import type { H3Event } from 'h3'
import { useEvent } from 'nitropack/runtime'
import { isTransactionControl, migrateDatabase, openDatabase, type Db, type OpenDatabase } from '#server/database/client'
import { findMigrationsFolder } from '#server/database/migrations-folder'
import { seedDemoDataIfEmpty } from '#server/database/demo-data'
import { useSettings } from '#server/settings'

export type { Db, DbOrTx, Tx } from '#server/database/client'
export { rowsOf, toDate } from '#server/database/queries/rows'

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
  const settings = useSettings().database
  const open = await openDatabase({ ...settings, logger: { logQuery: countStatement } })
  const folder = settings.migrationsDir ?? findMigrationsFolder(import.meta.url)
  await migrateDatabase(open, folder)
  if (import.meta.dev && open.driver === 'pglite') await seedDemoDataIfEmpty(open.db, hashPassword)
  return open
}

/** Counts the statements each request sends; the count goes out in its Server-Timing header. */
function countStatement(query: string): void {
  if (isTransactionControl(query)) return
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
