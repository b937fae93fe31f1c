import type { ChatRow } from '#shared/types/api'

export interface DeleteOutcome {
  ok: boolean
  /** Chats the server says are not there (deleted elsewhere): they leave the list for good. */
  missing: number[]
}

/**
 * A project's chats in the order the API sorted them (`order_by` from the URL), with optimistic
 * deletes: rows hide at once and only leave the cached list when the server agrees; if it refuses
 * they reappear exactly where they were.
 */
export function useProjectChats(projectId: MaybeRefOrGetter<number>, sort: MaybeRefOrGetter<ChatSortKey[]> = DEFAULT_CHAT_SORT) {
  const userId = useCurrentUserId()
  const requestFetch = useRequestFetch()
  const toasts = useToasts()

  const orderBy = computed(() => formatSortQuery(toValue(sort)))
  const base = computed(() => `/api/users/${userId.value}/projects/${toValue(projectId)}/chats`)

  const asyncData = useAsyncData(
    () => `project-chats:${userId.value}:${toValue(projectId)}:${orderBy.value}`,
    () => requestFetch<{ chats: ChatRow[] }>(base.value, { query: { order_by: orderBy.value } }),
  )
  const { data, status, error, refresh } = asyncData
  /** Settles when the first load is done (pages await it so the server renders the data). */
  const ready: Promise<void> = asyncData.then(() => undefined)

  const hidden = ref<number[]>([])
  const chats = computed(() => (data.value?.chats ?? []).filter(chat => !hidden.value.includes(chat.id)))
  const loaded = computed(() => data.value != null)

  function patch(update: (chats: ChatRow[]) => ChatRow[]) {
    if (data.value) data.value = { chats: update(data.value.chats) }
  }

  async function deleteChats(ids: number[]): Promise<DeleteOutcome> {
    const names = (data.value?.chats ?? []).filter(chat => ids.includes(chat.id)).map(chat => chat.name)
    hidden.value = [...hidden.value, ...ids]
    try {
      if (ids.length === 1) await $fetch(`${base.value}/${ids[0]}`, { method: 'DELETE' })
      else await $fetch(base.value, { method: 'DELETE', body: { chat_ids: ids } })
      patch(list => list.filter(chat => !ids.includes(chat.id)))
      toasts.success(ids.length === 1 ? `Deleted “${names[0]}”` : `Deleted ${ids.length} chats`)
      return { ok: true, missing: [] }
    }
    catch (error) {
      const missing = missingChatIds(error, ids)
      patch(list => list.filter(chat => !missing.includes(chat.id)))
      const kept = ids.length - missing.length
      const nothing = ids.length === 1 ? '' : ` Nothing was deleted${kept ? `; ${kept === 1 ? 'the other chat is' : `the other ${kept} chats are`} back in the list` : ''}.`
      toasts.error(`${apiErrorMessage(error, 'The chats could not be deleted.').replace(/\.?$/, '.')}${nothing}`)
      return { ok: false, missing }
    }
    finally {
      hidden.value = hidden.value.filter(id => !ids.includes(id))
    }
  }

  // Chats deleted elsewhere (another tab, an integration) leave the list at once. Events may have
  // been missed before the socket opened (or while it was away), so each (re)connect re-reads.
  const { connected: live } = useUserLive((event) => {
    if (event.type === 'chat.deleted') {
      const gone = data.value?.chats.find(chat => chat.id === event.chat_id)
      if (!gone) return
      patch(list => list.filter(chat => chat.id !== event.chat_id))
      // This tab's own delete hides its rows first: only a delete made elsewhere is announced.
      if (!hidden.value.includes(gone.id)) toasts.info(`“${gone.name}” was deleted elsewhere.`)
    }
    else if (event.type === 'resync' || event.type === 'ready') {
      refresh()
    }
  })

  /** Creates a chat in this project and slots it into the cached list where the sort puts it. */
  async function createChat(input: { name: string, model: string }): Promise<ChatRow> {
    const { chat } = await $fetch<{ chat: ChatRow }>(base.value, { method: 'POST', body: input })
    const row: ChatRow = { id: chat.id, neptun_user_id: chat.neptun_user_id, name: chat.name, model: chat.model, created_at: chat.created_at, updated_at: chat.updated_at }
    patch(list => [...list, row].sort(compareChatsBy(toValue(sort))))
    toasts.success(`Created chat “${row.name}”`)
    return row
  }

  return { chats, ready, loaded, status, error, refresh, deleteChats, createChat, live }
}

/** A 404 names the chats that are not there (batch: data.missing_chat_ids; single: the one asked for). */
function missingChatIds(error: unknown, ids: number[]): number[] {
  if (apiErrorStatus(error) !== 404 || apiErrorMessage(error) !== 'Chat not found') return []
  const data = (error as { data?: { data?: { missing_chat_ids?: unknown } } }).data?.data
  const listed = Array.isArray(data?.missing_chat_ids) ? data.missing_chat_ids.filter((id): id is number => typeof id === 'number') : undefined
  return listed ?? (ids.length === 1 ? ids : [])
}
