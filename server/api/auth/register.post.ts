import { neptunUser } from '../../database/schema'
import { RegisterBody } from '../../schemas/auth'

export default defineEventHandler(async (event) => {
  const { email, password } = await readJsonBody(event, RegisterBody)
  const db = await useDb()
  const hashed_password = await hashPassword(password)
  // The unique index decides a race between two sign-ups of one email.
  const [user] = await db.insert(neptunUser).values({ primary_email: email, hashed_password })
    .onConflictDoNothing({ target: neptunUser.primary_email })
    .returning({ id: neptunUser.id, primary_email: neptunUser.primary_email })
  if (!user) throw conflict('An account with this email already exists')
  await replaceUserSession(event, { user: publicUser(user) })
  setResponseStatus(event, 201, 'Created')
  return { user: publicUser(user) }
})
