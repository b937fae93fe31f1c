import { previewRetention } from '#server/retention'
import { RetentionPreviewQuery } from '#server/schemas/retention'
import { useSettings } from '#server/settings'

export default defineEventHandler(async (event) => {
  const user = await readPathSession(event)
  const projectId = requireIdParam(event, 'project_id')
  const { days } = readQuery(event, RetentionPreviewQuery)
  const preview = await previewRetention(await useDb(), user, projectId, days, useSettings().livePresenceTtlSeconds)
  if (!preview) throw await notFoundUnlessRevoked(user, 'Project not found')
  return { preview }
})
