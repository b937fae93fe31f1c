import { CHAT_FILTER_NAMES, parseChatFilters, type ChatFilters } from '#shared/utils/chat-filters'
import { parseSearchQuery } from '#shared/utils/search-query'

/** What narrows a chats listing in the browser: the query text (valid, trimmed; '' for none) and the filters. */
export interface ChatSearchState {
  q: string
  filters: ChatFilters
}

/**
 * The search of a chats page lives in its URL (`q`, the filters of #shared/utils/chat-filters,
 * `order_by`), so a search can be shared and reloaded, and back/forward move between searches.
 * `text` is the search box: a moment (`delayMs`) after typing stops, a valid query goes to the URL
 * (typing on replaces the entry, a new search pushes one); an invalid one stays out and `issue`
 * says why (the server's own message). A URL that changes (back, forward, a link) sets the box.
 * While searching without an order_by, results are ranked by relevance.
 */
export function useSearchRoute(delayMs = 250) {
  const route = useRoute()
  const router = useRouter()

  const rawQ = computed(() => typeof route.query.q === 'string' ? route.query.q : '')
  const parsedQ = computed(() => parseSearchQuery(rawQ.value))
  const q = computed(() => parsedQ.value.ok && parsedQ.value.query ? rawQ.value.trim() : '')
  const parsedFilters = computed(() => parseChatFilters(route.query))
  const filters = computed<ChatFilters>(() => parsedFilters.value.ok ? parsedFilters.value.filters : {})
  const search = computed<ChatSearchState>(() => ({ q: q.value, filters: filters.value }))
  const searching = computed(() => q.value !== '' || hasChatFilters(filters.value))

  const sort = computed(() => {
    const raw = route.query.order_by
    const keys = raw === undefined && q.value ? [...DEFAULT_SEARCH_ORDER] : readOrderBy(raw)
    return !q.value && keys.some(key => key.column === 'relevance') ? [...DEFAULT_ORDER] : keys
  })

  const text = ref(rawQ.value)
  const typedIssue = ref<string | null>(null)
  const issue = computed(() => typedIssue.value
    ?? (parsedQ.value.ok ? null : parsedQ.value.issue.message)
    ?? (parsedFilters.value.ok ? null : parsedFilters.value.issue.message))

  /** The URL's query with `q` and the filters replaced (order_by and the rest kept). */
  function queryWith(next: ChatSearchState) {
    const dropped = new Set<string>(['q', ...CHAT_FILTER_NAMES])
    const query = Object.fromEntries(Object.entries(route.query).filter(([name]) => !dropped.has(name)))
    // A relevance order means nothing without a query.
    if (!next.q && typeof query.order_by === 'string' && query.order_by.includes('relevance')) delete query.order_by
    return { ...query, ...(next.q ? { q: next.q } : {}), ...chatFilterParams(next.filters) }
  }

  function navigate(next: ChatSearchState, replace: boolean) {
    return router[replace ? 'replace' : 'push']({ query: queryWith(next) })
  }

  function commitText(value: string) {
    const parsed = parseSearchQuery(value)
    typedIssue.value = parsed.ok ? null : parsed.issue.message
    if (!parsed.ok) return
    const next = parsed.query ? value.trim() : ''
    if (next === q.value) return
    // Typing on (or deleting back) refines the same search: one history entry for it.
    const refining = q.value !== '' && next !== '' && (next.startsWith(q.value) || q.value.startsWith(next))
    navigate({ q: next, filters: filters.value }, refining)
  }

  let debounce: ReturnType<typeof setTimeout> | undefined
  watch(text, (value) => {
    clearTimeout(debounce)
    if (value.trim() === '') return commitText('')
    debounce = setTimeout(() => commitText(value), delayMs)
  })
  watch(rawQ, (value) => {
    if (value.trim() !== text.value.trim()) {
      clearTimeout(debounce)
      text.value = value
    }
  })
  onBeforeUnmount(() => clearTimeout(debounce))

  function setFilters(next: ChatFilters) {
    return navigate({ q: q.value, filters: next }, false)
  }

  /** No query and no filters (the box empties once the URL has none). */
  async function clear() {
    clearTimeout(debounce)
    typedIssue.value = null
    await navigate({ q: '', filters: {} }, false)
    text.value = ''
  }

  return { text, q, filters, search, searching, sort, issue, setFilters, clear }
}
