import { resolve } from 'node:path'
import type { Logger } from 'drizzle-orm/logger'
import { migrateDatabase, openDatabase, type OpenDatabase } from '../../server/database/client'
import { testDatabaseListenUrl, testDatabaseUrl } from '../setup/test-env'

/**
 * The data layer in-process: the test server's Postgres when TEST_DATABASE_URL is set (tests keep
 * to their own rows), else a fresh in-memory PGlite, migrated like the server's.
 */
export async function openTestDatabase(logger?: Logger): Promise<OpenDatabase> {
  const open = await openDatabase({ databaseUrl: testDatabaseUrl, listenUrl: testDatabaseListenUrl, pgliteDir: 'memory://', logger })
  await migrateDatabase(open, resolve(import.meta.dirname, '../../drizzle'))
  return open
}
