import { neptunUserProject } from '../../../../database/schema'
import { CreateProjectBody } from '../../../../schemas/projects'

export default defineEventHandler(async (event) => {
  const userId = await requirePathUser(event)
  const { name, description } = await readJsonBody(event, CreateProjectBody)
  const db = await useDb()
  const [project] = await db.insert(neptunUserProject)
    .values({ neptun_user_id: userId, name, description: description ?? null })
    .returning()
  setResponseStatus(event, 201, 'Created')
  return { project }
})
