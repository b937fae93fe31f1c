import type { ChatListRow, ChatRow, ChatsPage } from '#shared/types/api'

/** Chats the sidebar lists: the project's most recent ones (one page, newest first). */
export const SIDEBAR_CHATS = 100
const SIDEBAR_ORDER: readonly OrderKey[] = [{ column: 'updated_at', direction: 'desc' }]

/**
 * The chat page's sidebar list: the project's latest chats (updated_at:desc, one request), and
 * the chats before and after `chatId` in it, for `j`/`k` and Alt+↑/↓. It follows the user's live
 * socket (useUserLive, as the project page does): a chat of the project created, renamed or given
 * messages elsewhere takes its place, one deleted elsewhere leaves, and a reconnect re-reads.
 * `onUpdated` hears every changed chat (the page's heading follows a rename made elsewhere).
 */
export function useSidebarChats(projectId: MaybeRefOrGetter<number | undefined>, chatId: MaybeRefOrGetter<number>, onUpdated?: (chat: ChatRow) => void) {
  const userId = useCurrentUserId()
  const requestFetch = useRequestFetch()
  const { data, status, refresh } = useAsyncData(
    () => `sidebar-chats:${userId.value}:${toValue(projectId) ?? 0}`,
    async () => {
      const id = toValue(projectId)
      if (!id) return { chats: [], next_cursor: null }
      return requestFetch<ChatsPage>(`/api/users/${userId.value}/projects/${id}/chats`, { query: { order_by: 'updated_at:desc', limit: SIDEBAR_CHATS } })
    },
    { server: false, watch: [() => toValue(projectId)] },
  )

  let connectedBefore = false
  useUserLive((event) => {
    const current = data.value
    if (event.type === 'chat.created' || event.type === 'chat.updated') {
      if (event.type === 'chat.updated') onUpdated?.(event.chat)
      if (current && event.project_ids.includes(toValue(projectId) ?? 0)) {
        const row: ChatListRow = { message_count: 0, last_message: null, ...current.chats.find(chat => chat.id === event.chat.id), ...event.chat }
        data.value = { ...current, chats: placeChat(current.chats, row, SIDEBAR_ORDER, Boolean(current.next_cursor)) }
      }
    }
    else if (event.type === 'chat.deleted') {
      if (current?.chats.some(chat => chat.id === event.chat_id)) data.value = { ...current, chats: current.chats.filter(chat => chat.id !== event.chat_id) }
    }
    else if (event.type === 'resync' || (event.type === 'ready' && connectedBefore)) {
      refresh()
    }
    if (event.type === 'ready') connectedBefore = true
  })

  const chats = computed(() => data.value?.chats ?? [])
  const position = computed(() => chats.value.findIndex(chat => chat.id === toValue(chatId)))
  const previous = computed(() => position.value > 0 ? chats.value[position.value - 1] : undefined)
  const next = computed(() => position.value >= 0 ? chats.value[position.value + 1] : undefined)
  const more = computed(() => Boolean(data.value?.next_cursor))
  return { chats, previous, next, more, status }
}
