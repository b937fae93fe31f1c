import { desc, eq } from 'drizzle-orm'
import { neptunUserProject } from '../../../../database/schema'

export default defineEventHandler(async (event) => {
  const userId = await requirePathUser(event)
  const db = await useDb()
  const projects = await db.select().from(neptunUserProject)
    .where(eq(neptunUserProject.neptun_user_id, userId))
    .orderBy(desc(neptunUserProject.id))
  return { projects }
})
