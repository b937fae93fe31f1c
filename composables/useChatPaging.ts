import type { ChatListRow, ChatRow, ChatsPage } from '#shared/types/api'
import type { ChatSearchState } from './useSearchRoute'

interface ChatListing extends ChatsPage { total: number, matching: number }

/** Rows per request: a screenful or two; more arrive as the table scrolls. */
export const CHATS_PAGE_SIZE = 100

/**
 * A project's chats, sorted and filtered by the API (`order_by`, `q`, `kept`), a page at a time (limit +
 * cursor): the first page with the counts, then `loadMore` appends the next. `total` counts the
 * project's chats, `matching` those the filter keeps. Rows whose id is in `hidden` (a delete
 * waiting out its undo time) are left out of `chats` and of both counts; `patch` and `forget`
 * change the cached listing in place. The counts move with the rows themselves — by the rows
 * `forget` actually removed and the hidden rows actually loaded — so a chat reported gone twice
 * (this tab's delete, then the live event for it, in either order) is counted once; `place`
 * does the same for a chat created here and reported by the live socket too.
 */
export function useChatPaging(projectId: MaybeRefOrGetter<number>, sort: MaybeRefOrGetter<readonly OrderKey[]>, search: MaybeRefOrGetter<ChatSearchState>) {
  const userId = useCurrentUserId()
  const requestFetch = useRequestFetch()
  const toasts = useToasts()

  const orderBy = computed(() => formatOrderBy(toValue(sort)))
  const filter = computed(() => toValue(search).q.trim())
  const filters = computed(() => toValue(search).filters)
  /** `q` and the filters as query parameters; empty: the whole project. */
  const searchParams = computed(() => ({ ...chatFilterParams(filters.value), ...(filter.value ? { q: filter.value } : {}) }))
  const searching = computed(() => Object.keys(searchParams.value).length > 0)
  const base = computed(() => `/api/users/${userId.value}/projects/${toValue(projectId)}/chats`)

  const asyncData = useAsyncData(
    () => `project-chats:${userId.value}:${toValue(projectId)}:${orderBy.value}:${new URLSearchParams(searchParams.value)}`,
    async (): Promise<ChatListing> => {
      const query = { order_by: orderBy.value, limit: CHATS_PAGE_SIZE, ...searchParams.value }
      const [page, total, matching] = await Promise.all([
        requestFetch<ChatsPage>(base.value, { query }),
        requestFetch<{ count: number }>(`${base.value}/count`),
        searching.value ? requestFetch<{ count: number }>(`${base.value}/count`, { query: searchParams.value }) : undefined,
      ])
      return { ...page, total: total.count, matching: (matching ?? total).count }
    },
  )
  const { data, status, error, refresh } = asyncData
  /** Settles when the first load is done (pages await it so the server renders the data). */
  const ready: Promise<void> = asyncData.then(() => undefined)

  const hidden = ref<number[]>([])
  const chats = computed(() => (data.value?.chats ?? []).filter(chat => !hidden.value.includes(chat.id)))
  const loaded = computed(() => data.value != null)
  const hiddenRows = computed(() => (data.value?.chats.length ?? 0) - chats.value.length)
  const total = computed(() => Math.max(0, (data.value?.total ?? 0) - hiddenRows.value))
  const matching = computed(() => Math.max(0, (data.value?.matching ?? 0) - hiddenRows.value))
  const hasMore = computed(() => Boolean(data.value?.next_cursor))
  const loadingMore = ref(false)

  function patch(update: (listing: ChatListing) => Partial<ChatListing>) {
    if (data.value) data.value = { ...data.value, ...update(data.value) }
  }

  /** Drops chats that are gone on the server from the cached rows, and the counts by as many rows. */
  function forget(ids: number[]) {
    patch((current) => {
      const chats = current.chats.filter(chat => !ids.includes(chat.id))
      const removed = current.chats.length - chats.length
      return { chats, total: current.total - removed, matching: current.matching - removed }
    })
  }

  /** Chats counted as new by `place` (this tab's create and its live event count once). */
  const counted = new Set<number>()

  /**
   * A chat created (`created`) or changed, here or elsewhere: its row goes where the sort puts it
   * (or leaves, if the filter no longer keeps it) and a new one counts once.
   */
  function place(chat: ChatRow, created: boolean) {
    patch((current) => {
      const existing = current.chats.find(row => row.id === chat.id)
      const was = existing !== undefined
      // A changed chat keeps what the list said of it (message count, last message, match).
      const row: ChatListRow = { message_count: 0, last_message: null, ...existing, ...chat }
      const matches = nameMatches(chat.name, filter.value) && rowMatchesFilters(row, filters.value)
      const chats = matches
        ? placeChat(current.chats, row, toValue(sort), Boolean(current.next_cursor))
        : current.chats.filter(row => row.id !== chat.id)
      const isNew = created && !counted.has(chat.id)
      if (isNew) counted.add(chat.id)
      const matchingChange = isNew ? Number(matches) : was && !matches ? -1 : 0
      return { chats, total: current.total + Number(isNew), matching: current.matching + matchingChange }
    })
  }

  /** Appends the next page (once at a time; a page for a listing that changed meanwhile is dropped). */
  async function loadMore(): Promise<void> {
    const cursor = data.value?.next_cursor
    if (!cursor || loadingMore.value) return
    loadingMore.value = true
    const listing = data.value
    try {
      const page = await $fetch<ChatsPage>(base.value, { query: { cursor } })
      if (data.value !== listing) return
      const known = new Set(listing!.chats.map(chat => chat.id))
      patch(current => ({ chats: [...current.chats, ...page.chats.filter(chat => !known.has(chat.id))], next_cursor: page.next_cursor }))
    }
    catch (loadError) {
      toasts.error(apiErrorMessage(loadError, 'More chats could not be loaded.'))
    }
    finally {
      loadingMore.value = false
    }
  }

  return { base, data, chats, hidden, total, matching, hasMore, loaded, loadingMore, loadMore, status, error, ready, refresh, patch, forget, place }
}

export type ChatPaging = ReturnType<typeof useChatPaging>
