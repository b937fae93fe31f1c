// npm run db:seed — migrates, then adds (or resets the password of) the demo account with its data.
import { Hash } from '@adonisjs/hash'
import { Scrypt } from '@adonisjs/hash/drivers/scrypt'
import { migrateDatabase, openDatabase } from '../server/database/client'
import { DEMO_ACCOUNT } from '../server/database/demo-content'
import { seedDemoData } from '../server/database/demo-data'

// The same scrypt hasher nuxt-auth-utils' hashPassword uses, so the server verifies these hashes.
const hasher = new Hash(new Scrypt({}))

const open = await openDatabase({ databaseUrl: process.env.DATABASE_URL, pgliteDir: process.env.PGLITE_DATA_DIR })
try {
  await migrateDatabase(open, process.env.MIGRATIONS_DIR || 'drizzle')
  await seedDemoData(open.db, password => hasher.make(password))
  console.info(`[neptun] demo data added. Sign in as ${DEMO_ACCOUNT.email} / ${DEMO_ACCOUNT.password}`)
}
finally {
  await open.close()
}
