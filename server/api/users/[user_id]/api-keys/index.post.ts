import { insertApiKey } from '#server/database/queries/api-keys'
import { CreateApiKeyBody } from '#server/schemas/api-keys'
import { generateApiKey, MAX_LIVE_API_KEYS } from '#server/v1'

export default defineEventHandler(async (event) => {
  const session = await requirePathSession(event)
  const userId = session.id
  const { name, scopes, expires_in_days, password } = await readJsonBody(event, CreateApiKeyBody)
  await requireRecentPassword(event, session, password)
  const { key, prefix, keyHash } = generateApiKey()
  const result = await insertApiKey(await useDb(), userId, { name, prefix, keyHash, scopes, expiresInDays: expires_in_days }, MAX_LIVE_API_KEYS)
  if (result.kind === 'limit_reached') {
    throw badRequest([{ code: 'too_many_keys', message: `You already have ${MAX_LIVE_API_KEYS} API keys, the most allowed: revoke one before creating another` }])
  }
  setResponseStatus(event, 201, 'Created')
  return { api_key: result.apiKey, key }
})
