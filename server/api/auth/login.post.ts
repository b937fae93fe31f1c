import { findUserByEmail } from '#server/database/queries/users'
import { LoginBody } from '#server/schemas/auth'

export default defineEventHandler(async (event) => {
  const { email, password } = await readJsonBody(event, LoginBody)
  const user = await findUserByEmail(await useDb(), email)
  // One answer for an unknown email and a wrong password: the route must not reveal who has an account.
  if (!user || !(await verifyPassword(user.hashed_password, password))) throw unauthorized('Invalid email or password')
  await replaceUserSession(event, { user: publicUser(user) })
  return { user: publicUser(user) }
})
