import { listApiKeys } from '#server/database/queries/api-keys'

export default defineEventHandler(async (event) => {
  const userId = await requirePathUser(event)
  return { api_keys: await listApiKeys(await useDb(), userId) }
})
