import { insertUser } from '#server/database/queries/users'
import { RegisterBody } from '#server/schemas/auth'

export default defineEventHandler(async (event) => {
  const { email, password } = await readJsonBody(event, RegisterBody)
  const user = await insertUser(await useDb(), email, await hashPassword(password))
  if (!user) throw conflict('An account with this email already exists')
  await replaceUserSession(event, { user: publicUser(user) })
  setResponseStatus(event, 201, 'Created')
  return { user: publicUser(user) }
})
