import type { RetentionPolicy, RetentionPreview } from '#shared/types/retention'

/** A project's retention policy: read it, preview a number of days, save or turn it off. */
export function useRetention(projectId: Ref<number>) {
  const userId = useCurrentUserId()
  const requestFetch = useRequestFetch()
  const base = computed(() => `/api/users/${userId.value}/projects/${projectId.value}/retention`)

  const { data, status, error, refresh } = useAsyncData(
    () => `retention:${userId.value}:${projectId.value}`,
    () => requestFetch<{ retention: RetentionPolicy }>(base.value),
  )
  const policy = computed(() => data.value?.retention)

  /** What `days` would delete right now; errors are the caller's to show. */
  async function preview(days: number): Promise<RetentionPreview> {
    return (await $fetch<{ preview: RetentionPreview }>(`${base.value}/preview`, { query: { days } })).preview
  }

  /** Saves `days` (null: off) and puts the answer in the cache. */
  async function save(days: number | null): Promise<RetentionPolicy> {
    const { retention } = await $fetch<{ retention: RetentionPolicy }>(base.value, { method: 'PUT', body: { days } })
    data.value = { retention }
    return retention
  }

  return { policy, status, error, refresh, preview, save }
}
