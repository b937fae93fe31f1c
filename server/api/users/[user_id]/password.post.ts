import { findUserById, replacePassword } from '#server/database/queries/users'
import { ChangePasswordBody } from '#server/schemas/auth'

const wrongPassword = () => badRequest([{ code: 'invalid_password', message: 'current_password: Current password is incorrect', path: ['current_password'] }])

// A new password ends every other session (a copied cookie included); this one is sealed afresh.
export default defineEventHandler(async (event) => {
  const session = await requirePathSession(event)
  const { current_password, new_password } = await readJsonBody(event, ChangePasswordBody)
  await limitAuthAttempts(event, 'password', String(session.id))
  const db = await useDb()
  const user = await findUserById(db, session.id)
  if (!user || !(await verifyPassword(user.hashed_password, current_password))) throw wrongPassword()
  const version = await replacePassword(db, user.id, session.sessionVersion, await hashPassword(new_password))
  if (version === undefined) throw unauthorized('You do not have access to view the information.')
  await startSession(event, user, version)
  return { user: publicUser(user) }
})
