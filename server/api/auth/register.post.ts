import { emailIsTaken, insertUser } from '#server/database/queries/users'
import { RegisterBody } from '#server/schemas/auth'

export default defineEventHandler(async (event) => {
  const { email, password } = await readJsonBody(event, RegisterBody)
  await limitAuthAttempts(event, 'register', email)
  const db = await useDb()
  // Hashing is the expensive part: a taken email is refused before it (the insert still decides a race).
  if (await emailIsTaken(db, email)) throw conflict('An account with this email already exists')
  const user = await insertUser(db, email, await hashPassword(password))
  if (!user) throw conflict('An account with this email already exists')
  await startSession(event, user, user.session_version)
  setResponseStatus(event, 201, 'Created')
  return { user: publicUser(user) }
})
