import type { AccountDeletionReceipt } from '#shared/types/account'
import { deleteAccount } from '#server/database/queries/account-deletion'
import { findUserById } from '#server/database/queries/users'
import { DeleteAccountBody } from '#server/schemas/auth'

const wrongPassword = () => badRequest([{ code: 'invalid_password', message: 'password: Password is incorrect', path: ['password'] }])

/**
 * Deletes the account with every project, chat, message, API key and receipt, behind the current
 * password (docs/api.md); the session ends. The answer is the final receipt, stored nowhere.
 */
export default defineEventHandler(async (event): Promise<AccountDeletionReceipt> => {
  const session = await requirePathSession(event)
  const { password } = await readJsonBody(event, DeleteAccountBody)
  await limitAuthAttempts(event, 'password', String(session.id))
  const db = await useDb()
  const user = await findUserById(db, session.id)
  if (!user || !(await verifyPassword(user.hashed_password, password))) throw wrongPassword()
  const result = await deleteAccount(db, session)
  if (result.kind === 'session_revoked') throw unauthorized('You do not have access to view the information.')
  await clearUserSession(event)
  return { receipt: { kind: 'account_deletion', deleted_at: result.deletedAt.toISOString(), counts: result.counts } }
})
