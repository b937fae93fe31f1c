import type { Receipt, ReceiptActorKind, ReceiptSummary, ReceiptsPage } from '#shared/types/receipts'

export interface ReceiptFilters {
  actor: ReceiptActorKind | ''
  projectId: number | ''
}

const PAGE = 25

/** The deletion history: receipts newest first, a page at a time, filtered; one receipt in full on demand. */
export function useReceipts(filters: Ref<ReceiptFilters>) {
  const userId = useCurrentUserId()
  const requestFetch = useRequestFetch()
  const base = computed(() => `/api/users/${userId.value}/receipts`)
  const query = computed(() => ({
    limit: PAGE,
    ...(filters.value.actor ? { actor: filters.value.actor } : {}),
    ...(filters.value.projectId ? { project_id: filters.value.projectId } : {}),
  }))

  const { data, status, error, refresh } = useAsyncData(
    () => `receipts:${userId.value}:${JSON.stringify(query.value)}`,
    () => requestFetch<ReceiptsPage>(base.value, { query: query.value }),
  )
  const more = ref<ReceiptSummary[]>([])
  const nextCursor = ref<string | null>(null)
  const loadingMore = ref(false)
  watch(data, (page) => {
    more.value = []
    nextCursor.value = page?.next_cursor ?? null
  }, { immediate: true })

  const receipts = computed(() => [...(data.value?.receipts ?? []), ...more.value])

  async function loadMore(): Promise<void> {
    if (!nextCursor.value || loadingMore.value) return
    loadingMore.value = true
    try {
      const page = await $fetch<ReceiptsPage>(base.value, { query: { ...query.value, cursor: nextCursor.value } })
      more.value = [...more.value, ...page.receipts]
      nextCursor.value = page.next_cursor
    }
    finally {
      loadingMore.value = false
    }
  }

  /** One receipt with its chat ids. */
  async function fetchReceipt(id: string): Promise<Receipt> {
    return (await $fetch<{ receipt: Receipt }>(`${base.value}/${id}`)).receipt
  }

  return { receipts, status, error, refresh, hasMore: computed(() => nextCursor.value !== null), loadMore, loadingMore, fetchReceipt }
}
