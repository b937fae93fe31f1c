import { listProjects } from '#server/database/queries/projects'

export default defineEventHandler(async (event) => {
  const userId = await requirePathUser(event)
  return { projects: await listProjects(await useDb(), userId) }
})
