import type { ChatRow } from '#shared/types/api'
import type { ChatSearchState } from './useSearchRoute'

/**
 * Which chats of a listing are selected. The selection only ever covers rows on screen: a row
 * that leaves `rows` (filtered out, deleted) is unselected. `allInListing` is "select all N
 * chats": every chat the listing holds (`matching` of them: the whole project, or all that match
 * the search: `q` and the filters), not only the rows loaded so far; it is offered once every loaded row is
 * selected and more exist, and ends when the selection, the filter or the sort changes.
 */
export function useChatSelection(rows: Ref<ChatRow[]>, matching: Ref<number>, search: Ref<ChatSearchState>, sort: Ref<readonly OrderKey[]>) {
  const selected = ref<number[]>([])
  watch(rows, (current) => {
    const visible = new Set(current.map(chat => chat.id))
    if (selected.value.some(id => !visible.has(id))) selected.value = selected.value.filter(id => visible.has(id))
  })
  const selectedChats = computed(() => rows.value.filter(chat => selected.value.includes(chat.id)))

  const allInListing = ref(false)
  const everyLoadedSelected = computed(() => rows.value.length > 0 && selectedChats.value.length === rows.value.length)
  const canSelectAll = computed(() => everyLoadedSelected.value && matching.value > rows.value.length)
  watch(selected, () => {
    if (!everyLoadedSelected.value) allInListing.value = false
  })
  watch([search, sort], () => (allInListing.value = false))
  /** What "all" means here, for the bar and the confirm dialog: the query and filters that made the selection. */
  const allLabel = computed(() => {
    const made = describeChatSearch(search.value.q, search.value.filters)
    return `all ${plural(matching.value, 'chat')} ${made || 'in this project'}`
  })

  function clear() {
    selected.value = []
    allInListing.value = false
  }

  /** Unselects `ids`; returns those that were selected, for `reselect`. */
  function unselect(ids: number[]): number[] {
    const were = selected.value.filter(id => ids.includes(id))
    selected.value = selected.value.filter(id => !ids.includes(id))
    return were
  }

  function reselect(ids: number[]) {
    selected.value = [...new Set([...selected.value, ...ids])]
  }

  return { selected, selectedChats, allInListing, canSelectAll, allLabel, clear, unselect, reselect }
}

export type ChatSelection = ReturnType<typeof useChatSelection>
