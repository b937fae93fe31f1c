import type { H3Event } from 'h3'

declare module '#auth-utils' {
  interface User {
    id: number
    primary_email: string
  }
}

const NO_ACCESS = 'You do not have access to view the information.'

/** The signed-in user from the sealed cookie; no, unreadable or expired cookie → 401. */
export async function requireSessionUser(event: H3Event, message = 'Not signed in') {
  const user = await readSessionUser(event)
  if (!user || typeof user.id !== 'number') throw unauthorized(message)
  return user
}

/**
 * For every /api/users/[user_id]/** route: the session's user, who must be the path's user_id.
 * A user_id that is not a positive integer is a 400; anybody else's is the seeds' 401.
 */
export async function requirePathUser(event: H3Event): Promise<number> {
  const user = await requireSessionUser(event, NO_ACCESS)
  const userId = requireIdParam(event, 'user_id')
  if (userId !== user.id) throw unauthorized(NO_ACCESS)
  return userId
}

export function publicUser(user: { id: number, primary_email: string }) {
  return { id: user.id, primary_email: user.primary_email }
}
