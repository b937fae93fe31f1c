import { findUserByEmail } from '#server/database/queries/users'
import { LoginBody } from '#server/schemas/auth'

export default defineEventHandler(async (event) => {
  const { email, password } = await readJsonBody(event, LoginBody)
  await limitAuthAttempts(event, 'login', email)
  const user = await findUserByEmail(await useDb(), email)
  // One answer, and one scrypt verification, for an unknown email and a wrong password: the route
  // must not reveal who has an account, by its words or by its time.
  const valid = await verifyPassword(await passwordHashFor(user), password)
  if (!user || !valid) throw unauthorized('Invalid email or password')
  await startSession(event, user, user.session_version)
  return { user: publicUser(user) }
})
