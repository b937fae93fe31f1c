import type { ChatDetail } from '#shared/types/api'

/** One chat's own row (name, model, the projects it is in), for the chat page's heading. */
export function useChat(chatId: MaybeRefOrGetter<number>) {
  const userId = useCurrentUserId()
  const requestFetch = useRequestFetch()

  const asyncData = useAsyncData(
    () => `chat:${userId.value}:${toValue(chatId)}`,
    () => requestFetch<{ chat: ChatDetail }>(`/api/users/${userId.value}/chats/${toValue(chatId)}`),
  )
  const { data, error } = asyncData
  /** Settles when the first load is done (pages await it so the server renders the data). */
  const ready: Promise<void> = asyncData.then(() => undefined)

  /** A change known here (this tab's rename, a live event): the heading follows without a request. */
  function patch(change: Partial<ChatDetail>) {
    if (data.value) data.value = { chat: { ...data.value.chat, ...change } }
  }

  return { chat: computed(() => data.value?.chat), error, ready, patch }
}
