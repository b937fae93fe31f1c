import { eq } from 'drizzle-orm'
import type { DbOrTx } from '../client'
import { neptunUser } from '../schema'

/** The account of an email (stored lower-cased), with its password hash for sign-in. */
export async function findUserByEmail(db: DbOrTx, email: string) {
  const [user] = await db.select().from(neptunUser).where(eq(neptunUser.primary_email, email)).limit(1)
  return user
}

/** A new account, or undefined when the email is taken: the unique index decides a race between two sign-ups. */
export async function insertUser(db: DbOrTx, email: string, hashedPassword: string) {
  const [user] = await db.insert(neptunUser).values({ primary_email: email, hashed_password: hashedPassword })
    .onConflictDoNothing({ target: neptunUser.primary_email })
    .returning({ id: neptunUser.id, primary_email: neptunUser.primary_email })
  return user
}
