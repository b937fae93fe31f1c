// npm run db:seed — migrates, then adds (or resets the password of) the demo account with its data.
import { Hash } from '@adonisjs/hash'
import { Scrypt } from '@adonisjs/hash/drivers/scrypt'
import { migrateDatabase, openDatabase } from '../server/database/client'
import { parseSettings } from '../server/settings'
import { DEMO_ACCOUNT } from '../server/database/demo-content'
import { seedDemoData } from '../server/database/demo-data'

// The same scrypt hasher nuxt-auth-utils' hashPassword uses, so the server verifies these hashes.
const hasher = new Hash(new Scrypt({}))

const { database } = parseSettings(process.env)
const open = await openDatabase(database)
try {
  await migrateDatabase(open, database.migrationsDir ?? 'drizzle')
  await seedDemoData(open.db, password => hasher.make(password))
  console.info(`[neptun] demo data added. Sign in as ${DEMO_ACCOUNT.email} / ${DEMO_ACCOUNT.password}`)
}
finally {
  await open.close()
}
