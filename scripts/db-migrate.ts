// npm run db:migrate — applies drizzle/ to DATABASE_URL, or to the embedded PGlite without it.
import { migrateDatabase, openDatabase } from '../server/database/client'
import { parseSettings } from '../server/settings'

const { database } = parseSettings(process.env)
const open = await openDatabase(database)
try {
  await migrateDatabase(open, database.migrationsDir ?? 'drizzle')
  console.info(`[neptun] migrations applied (${open.driver})`)
}
finally {
  await open.close()
}
