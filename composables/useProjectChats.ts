import type { ChatRow, ChatsPage } from '#shared/types/api'

export interface DeleteOutcome {
  ok: boolean
  /** Undone in the toast before it was sent. */
  undone?: boolean
  /** Chats the server says are not there (deleted elsewhere): they leave the list for good. */
  missing: number[]
}

interface Listing extends ChatsPage { total: number, matching: number }

/** Rows per request: a screenful or two; more arrive as the table scrolls. */
export const CHATS_PAGE_SIZE = 100

/**
 * A project's chats, sorted and filtered by the API (`order_by`, `q`), a page at a time (limit +
 * cursor): `loadMore` appends the next page. `total` counts the project's chats, `matching` those
 * the filter keeps. Deletes are optimistic and delayed: rows hide at once, the request goes out
 * after the undo window (runtimeConfig.public.undoDelaySeconds) unless Undo is pressed; if the
 * server refuses, they reappear exactly where they were.
 */
export function useProjectChats(projectId: MaybeRefOrGetter<number>, sort: MaybeRefOrGetter<readonly OrderKey[]> = DEFAULT_ORDER, q: MaybeRefOrGetter<string> = '') {
  const userId = useCurrentUserId()
  const requestFetch = useRequestFetch()
  const toasts = useToasts()
  const pending = usePendingDeletes()

  const orderBy = computed(() => formatOrderBy(toValue(sort)))
  const filter = computed(() => toValue(q).trim())
  const base = computed(() => `/api/users/${userId.value}/projects/${toValue(projectId)}/chats`)

  const asyncData = useAsyncData(
    () => `project-chats:${userId.value}:${toValue(projectId)}:${orderBy.value}:${filter.value}`,
    async (): Promise<Listing> => {
      const query = { order_by: orderBy.value, limit: CHATS_PAGE_SIZE, ...(filter.value ? { q: filter.value } : {}) }
      const [page, total, matching] = await Promise.all([
        requestFetch<ChatsPage>(base.value, { query }),
        requestFetch<{ count: number }>(`${base.value}/count`),
        filter.value ? requestFetch<{ count: number }>(`${base.value}/count`, { query: { q: filter.value } }) : undefined,
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
  const total = computed(() => Math.max(0, (data.value?.total ?? 0) - hidden.value.length))
  const matching = computed(() => Math.max(0, (data.value?.matching ?? 0) - hidden.value.length))
  const hasMore = computed(() => Boolean(data.value?.next_cursor))
  const loadingMore = ref(false)

  function patch(update: (listing: Listing) => Partial<Listing>) {
    if (data.value) data.value = { ...data.value, ...update(data.value) }
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

  function forget(ids: number[]) {
    patch(current => ({
      chats: current.chats.filter(chat => !ids.includes(chat.id)),
      total: current.total - ids.length,
      matching: current.matching - ids.length,
    }))
  }

  async function send(ids: number[], names: string[]): Promise<DeleteOutcome> {
    try {
      if (ids.length === 1) await $fetch(`${base.value}/${ids[0]}`, { method: 'DELETE' })
      else await $fetch(base.value, { method: 'DELETE', body: { chat_ids: ids } })
      forget(ids)
      toasts.success(ids.length === 1 ? `Deleted “${names[0]}”` : `Deleted ${ids.length} chats`)
      return { ok: true, missing: [] }
    }
    catch (deleteError) {
      const missing = missingChatIds(deleteError, ids)
      forget(missing)
      const kept = ids.length - missing.length
      const nothing = ids.length === 1 ? '' : ` Nothing was deleted${kept ? `; ${kept === 1 ? 'the other chat is' : `the other ${kept} chats are`} back in the list` : ''}.`
      toasts.error(`${apiErrorMessage(deleteError, 'The chats could not be deleted.').replace(/\.?$/, '.')}${nothing}`)
      return { ok: false, missing }
    }
  }

  /** Hides the rows, offers Undo for the undo window, then sends the delete. */
  async function deleteChats(ids: number[]): Promise<DeleteOutcome> {
    const names = (data.value?.chats ?? []).filter(chat => ids.includes(chat.id)).map(chat => chat.name)
    hidden.value = [...hidden.value, ...ids]
    try {
      const what = ids.length === 1 ? `“${names[0]}”` : `${ids.length} chats`
      const go = await pending.hold(`${what} will be deleted`)
      if (!go) {
        toasts.info(`Kept ${what}`)
        return { ok: false, undone: true, missing: [] }
      }
      return await send(ids, names)
    }
    finally {
      hidden.value = hidden.value.filter(id => !ids.includes(id))
    }
  }

  // Chats deleted elsewhere (another tab, an integration) leave the list at once. Events may have
  // been missed while the socket was away, so a reconnect re-reads (from the first page). The first
  // connection does not: it would throw away the pages already scrolled to, for a gap of a moment.
  let connectedBefore = false
  const { connected: live } = useUserLive((event) => {
    if (event.type === 'chat.deleted') {
      const gone = data.value?.chats.find(chat => chat.id === event.chat_id)
      if (!gone) return
      forget([gone.id])
      // This tab's own delete hides its rows first: only a delete made elsewhere is announced.
      if (!hidden.value.includes(gone.id)) toasts.info(`“${gone.name}” was deleted elsewhere.`)
    }
    else if (event.type === 'resync' || (event.type === 'ready' && connectedBefore)) {
      refresh()
    }
    if (event.type === 'ready') connectedBefore = true
  })

  /** Creates a chat in this project and slots it into the loaded rows where the sort puts it. */
  async function createChat(input: { name: string, model: string }): Promise<ChatRow> {
    const { chat } = await $fetch<{ chat: ChatRow }>(base.value, { method: 'POST', body: input })
    const row: ChatRow = { id: chat.id, neptun_user_id: chat.neptun_user_id, name: chat.name, model: chat.model, created_at: chat.created_at, updated_at: chat.updated_at }
    patch(current => ({ chats: [...current.chats, row].sort(compareChatsBy(toValue(sort))), total: current.total + 1, matching: current.matching + 1 }))
    toasts.success(`Created chat “${row.name}”`)
    return row
  }

  return { chats, total, matching, hasMore, loadMore, loadingMore, ready, loaded, status, error, refresh, deleteChats, createChat, base, live }
}

/** A 404 names the chats that are not there (batch: data.missing_chat_ids; single: the one asked for). */
export function missingChatIds(error: unknown, ids: number[]): number[] {
  if (apiErrorStatus(error) !== 404 || apiErrorMessage(error) !== 'Chat not found') return []
  const data = (error as { data?: { data?: { missing_chat_ids?: unknown } } }).data?.data
  const listed = Array.isArray(data?.missing_chat_ids) ? data.missing_chat_ids.filter((id): id is number => typeof id === 'number') : undefined
  return listed ?? (ids.length === 1 ? ids : [])
}
