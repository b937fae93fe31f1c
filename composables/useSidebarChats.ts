import type { ChatsPage } from '#shared/types/api'

/** Chats the sidebar lists: the project's most recent ones (one page, newest first). */
export const SIDEBAR_CHATS = 100

/**
 * The chat page's sidebar list: the project's latest chats (updated_at:desc, one request), and
 * the chats before and after `chatId` in it, for `j`/`k` and Alt+↑/↓.
 */
export function useSidebarChats(projectId: MaybeRefOrGetter<number | undefined>, chatId: MaybeRefOrGetter<number>) {
  const userId = useCurrentUserId()
  const requestFetch = useRequestFetch()
  const { data, status } = useAsyncData(
    () => `sidebar-chats:${userId.value}:${toValue(projectId) ?? 0}`,
    async () => {
      const id = toValue(projectId)
      if (!id) return { chats: [], next_cursor: null }
      return requestFetch<ChatsPage>(`/api/users/${userId.value}/projects/${id}/chats`, { query: { order_by: 'updated_at:desc', limit: SIDEBAR_CHATS } })
    },
    { server: false, watch: [() => toValue(projectId)] },
  )
  const chats = computed(() => data.value?.chats ?? [])
  const position = computed(() => chats.value.findIndex(chat => chat.id === toValue(chatId)))
  const previous = computed(() => position.value > 0 ? chats.value[position.value - 1] : undefined)
  const next = computed(() => position.value >= 0 ? chats.value[position.value + 1] : undefined)
  const more = computed(() => Boolean(data.value?.next_cursor))
  return { chats, previous, next, more, status }
}
