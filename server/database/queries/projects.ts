import { desc, eq } from 'drizzle-orm'
import type { DbOrTx } from '../client'
import { neptunUserProject } from '../schema'

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
