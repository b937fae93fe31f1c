// npm run db:migrate — applies drizzle/ to DATABASE_URL, or to the embedded PGlite without it.
import { migrateDatabase, openDatabase } from '../server/database/client'

const open = await openDatabase({ databaseUrl: process.env.DATABASE_URL, pgliteDir: process.env.PGLITE_DATA_DIR })
try {
  await migrateDatabase(open, process.env.MIGRATIONS_DIR || 'drizzle')
  console.info(`[neptun] migrations applied (${open.driver})`)
}
finally {
  await open.close()
}
