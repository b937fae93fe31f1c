import { findRetentionPolicy } from '#server/retention'

export default defineEventHandler(async (event) => {
  const user = await readPathSession(event)
  const projectId = requireIdParam(event, 'project_id')
  const policy = await findRetentionPolicy(await useDb(), user, projectId)
  if (!policy) throw await notFoundUnlessRevoked(user, 'Project not found')
  return { retention: policy }
})
