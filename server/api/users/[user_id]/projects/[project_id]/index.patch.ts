import { renameProject } from '#server/database/queries/projects'
import { RenameProjectBody } from '#server/schemas/projects'

/** `{name}` → 200 `{project}`: the project renamed (the creation's name rule). */
export default defineEventHandler(async (event) => {
  const user = await readPathSession(event)
  const projectId = requireIdParam(event, 'project_id')
  const { name } = await readJsonBody(event, RenameProjectBody)
  const project = await renameProject(await useDb(), user, projectId, name)
  if (!project) throw await notFoundUnlessRevoked(user, 'Project not found')
  return { project }
})
