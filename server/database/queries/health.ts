import { sql } from 'drizzle-orm'
import type { DbOrTx } from '../client'

/** The smallest round trip that proves the database answers. */
export async function pingDatabase(db: DbOrTx): Promise<void> {
  await db.execute(sql`SELECT 1`)
}
