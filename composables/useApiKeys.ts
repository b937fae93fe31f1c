import type { ApiKeyRow, CreatedApiKey } from '#shared/types/api'
import type { ApiKeyExpiryDays, ApiKeyScope } from '#shared/utils/api-scopes'

/** What the form asks for a new key. */
export interface NewApiKeyInput {
  name: string
  scopes: ApiKeyScope[]
  /** null: the key never expires. */
  expiresInDays: ApiKeyExpiryDays | null
  /** Sent when the server asked for it (sudo mode: no password entered in the last 10 minutes). */
  password?: string
}

/** The signed-in user's API keys: the list, creating one (its secret comes back once), revoking one. */
export function useApiKeys() {
  const userId = useCurrentUserId()
  const requestFetch = useRequestFetch()
  const toasts = useToasts()
  const base = computed(() => `/api/users/${userId.value}/api-keys`)

  const asyncData = useAsyncData(
    () => `api-keys:${userId.value}`,
    () => requestFetch<{ api_keys: ApiKeyRow[] }>(base.value),
  )
  const { data, status, error, refresh } = asyncData
  /** Settles when the first load is done (the page awaits it so the server renders the list). */
  const ready: Promise<void> = asyncData.then(() => undefined)
  const apiKeys = computed(() => data.value?.api_keys ?? [])

  /** Creates a key and puts it first in the cached list (newest first); errors are the caller's to show. */
  async function createApiKey({ name, scopes, expiresInDays, password }: NewApiKeyInput): Promise<CreatedApiKey> {
    const created = await $fetch<CreatedApiKey>(base.value, { method: 'POST', body: { name, scopes, expires_in_days: expiresInDays, ...(password === undefined ? {} : { password }) } })
    data.value = { api_keys: [created.api_key, ...apiKeys.value] }
    return created
  }

  /** Revokes the key; a key already gone (404) leaves the list too. True when it is gone. */
  async function revokeApiKey(key: ApiKeyRow): Promise<boolean> {
    try {
      await $fetch(`${base.value}/${key.id}`, { method: 'DELETE' })
    }
    catch (error) {
      if (apiErrorStatus(error) !== 404) {
        toasts.error(apiErrorMessage(error, 'The key could not be revoked.'))
        return false
      }
    }
    data.value = { api_keys: apiKeys.value.filter(row => row.id !== key.id) }
    toasts.success(`Revoked “${key.name}”`)
    return true
  }

  return { apiKeys, ready, status, error, refresh, createApiKey, revokeApiKey }
}
