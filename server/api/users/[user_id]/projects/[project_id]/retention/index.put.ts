import { setRetentionPolicy } from '#server/retention'
import { RetentionBody } from '#server/schemas/retention'

export default defineEventHandler(async (event) => {
  const user = await readPathSession(event)
  const projectId = requireIdParam(event, 'project_id')
  const { days } = await readJsonBody(event, RetentionBody)
  const policy = await setRetentionPolicy(await useDb(), user, projectId, days)
  if (!policy) throw await notFoundUnlessRevoked(user, 'Project not found')
  return { retention: policy }
})
