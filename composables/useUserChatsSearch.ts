import type { UserChatsPage } from '#shared/types/api'
import type { ChatSearchState } from './useSearchRoute'

/** Rows per request on the search page. */
const PAGE_SIZE = 50

/**
 * The search across all of the user's projects (GET /api/users/:uid/chats): the first page for the
 * search and order, then `loadMore` appends the next (keyset cursor). A page for a search that
 * changed meanwhile is dropped.
 */
export function useUserChatsSearch(search: MaybeRefOrGetter<ChatSearchState>, sort: MaybeRefOrGetter<readonly OrderKey[]>) {
  const userId = useCurrentUserId()
  const requestFetch = useRequestFetch()
  const toasts = useToasts()
  const url = computed(() => `/api/users/${userId.value}/chats`)
  const params = computed(() => {
    const { q, filters } = toValue(search)
    return { order_by: formatOrderBy(toValue(sort)), ...chatFilterParams(filters), ...(q ? { q } : {}) }
  })

  const asyncData = useAsyncData(
    () => `user-chats:${userId.value}:${new URLSearchParams(params.value)}`,
    () => requestFetch<UserChatsPage>(url.value, { query: { ...params.value, limit: PAGE_SIZE } }),
  )
  const { data, status, error } = asyncData
  const ready: Promise<void> = asyncData.then(() => undefined)
  const chats = computed(() => data.value?.chats ?? [])
  const hasMore = computed(() => Boolean(data.value?.next_cursor))
  const loadingMore = ref(false)

  async function loadMore() {
    const listing = data.value
    if (!listing?.next_cursor || loadingMore.value) return
    loadingMore.value = true
    try {
      const page = await $fetch<UserChatsPage>(url.value, { query: { cursor: listing.next_cursor } })
      if (data.value !== listing) return
      const known = new Set(listing.chats.map(chat => chat.id))
      data.value = { chats: [...listing.chats, ...page.chats.filter(chat => !known.has(chat.id))], next_cursor: page.next_cursor }
    }
    catch (loadError) {
      toasts.error(apiErrorMessage(loadError, 'More chats could not be loaded.'))
    }
    finally {
      loadingMore.value = false
    }
  }

  return { chats, hasMore, loadMore, loadingMore, status, error, ready }
}
