import { eq } from 'drizzle-orm'
import { neptunUser } from '../../database/schema'
import { LoginBody } from '../../schemas/auth'

export default defineEventHandler(async (event) => {
  const { email, password } = await readJsonBody(event, LoginBody)
  const db = await useDb()
  const [user] = await db.select().from(neptunUser).where(eq(neptunUser.primary_email, email)).limit(1)
  // One answer for an unknown email and a wrong password: the route must not reveal who has an account.
  if (!user || !(await verifyPassword(user.hashed_password, password))) throw unauthorized('Invalid email or password')
  await replaceUserSession(event, { user: publicUser(user) })
  return { user: publicUser(user) }
})
