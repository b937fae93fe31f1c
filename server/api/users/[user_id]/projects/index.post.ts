import { insertProject } from '#server/database/queries/projects'
import { CreateProjectBody } from '#server/schemas/projects'

export default defineEventHandler(async (event) => {
  const userId = await requirePathUser(event)
  const body = await readJsonBody(event, CreateProjectBody)
  const project = await insertProject(await useDb(), userId, body)
  setResponseStatus(event, 201, 'Created')
  return { project }
})
