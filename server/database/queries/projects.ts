import { and, desc, eq } from 'drizzle-orm'
import type { DbOrTx } from '../client'
import { neptunUserProject } from '../schema'
import { ownerId, sessionCurrent, type Owner } from './session-scope'

export function listProjects(db: DbOrTx, userId: number) {
  return db.select().from(neptunUserProject)
    .where(eq(neptunUserProject.neptun_user_id, userId))
    .orderBy(desc(neptunUserProject.id))
}

export async function insertProject(db: DbOrTx, userId: number, input: { name: string, description?: string | null }) {
  const [project] = await db.insert(neptunUserProject)
    .values({ neptun_user_id: userId, name: input.name, description: input.description ?? null })
    .returning()
  return project!
}

/**
 * Renames the user's project in one statement that also checks the owner and (for a session) that
 * the session is current; updated_at moves (the touch trigger). undefined: no such project of the user.
 */
export async function renameProject(db: DbOrTx, owner: Owner, projectId: number, name: string) {
  const [project] = await db.update(neptunUserProject).set({ name })
    .where(and(eq(neptunUserProject.id, projectId), eq(neptunUserProject.neptun_user_id, ownerId(owner)), sessionCurrent(owner)))
    .returning()
  return project
}
