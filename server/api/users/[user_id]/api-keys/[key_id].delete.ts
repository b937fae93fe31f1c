import { revokeApiKey } from '#server/database/queries/api-keys'

export default defineEventHandler(async (event) => {
  const userId = await requirePathUser(event)
  const keyId = requireIdParam(event, 'key_id')
  if (!(await revokeApiKey(await useDb(), userId, keyId))) throw notFound('API key not found')
  setResponseStatus(event, 204, 'No Content')
  return null
})
