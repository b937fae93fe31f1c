import { findUserByEmail } from '#server/database/queries/users'
import { LoginBody } from '#server/schemas/auth'

export default defineEventHandler(async (event) => {
  const { email, password } = await readJsonBody(event, LoginBody)
  await limitAuthAttempts(event, 'login', email)
  const user = await findUserByEmail(await useDb(), email)
  // One answer for an unknown email and a wrong password: the route must not reveal who has an account.
  if (!user || !(await verifyPassword(user.hashed_password, password))) throw unauthorized('Invalid email or password')
  await startSession(event, user, user.session_version)
  return { user: publicUser(user) }
})
