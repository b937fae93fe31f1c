import type { MessageRow, TrimResult } from '#shared/types/api'
import type { ChatLiveEvent } from '#shared/types/live'

/** The list with `added` in it, once each, in id order (a live event may beat the POST's answer). */
function withMessages(list: MessageRow[], added: MessageRow[]): MessageRow[] {
  const known = new Set(list.map(m => m.id))
  return [...list, ...added.filter(m => !known.has(m.id))].sort((a, b) => a.id - b.id)
}

/** A chat's messages in id order: reading, adding a user message, and trimming the last exchange. */
export function useChatMessages(chatId: MaybeRefOrGetter<number>) {
  const userId = useCurrentUserId()
  const requestFetch = useRequestFetch()
  const toasts = useToasts()

  const url = computed(() => `/api/users/${userId.value}/chats/${toValue(chatId)}/messages`)
  const asyncData = useAsyncData(
    () => `chat-messages:${userId.value}:${toValue(chatId)}`,
    () => requestFetch<{ messages: MessageRow[] }>(url.value),
  )
  const { data, status, error, refresh } = asyncData
  /** Settles when the first load is done (pages await it so the server renders the data). */
  const ready: Promise<void> = asyncData.then(() => undefined)

  const messages = computed(() => data.value?.messages ?? [])
  /** What "Delete last exchange" would remove right now. */
  const toTrim = computed(() => messagesToTrim(messages.value))

  async function addUserMessage(text: string): Promise<boolean> {
    try {
      const { messages: added } = await $fetch<{ messages: MessageRow[] }>(url.value, {
        method: 'POST',
        body: { messages: [{ actor: 'user', message: text }] },
      })
      data.value = { messages: withMessages(messages.value, added) }
      return true
    }
    catch (error) {
      toasts.error(apiErrorMessage(error, 'The message could not be sent.'))
      return false
    }
  }

  /**
   * Calls the trim route with the id of the last message the user saw, so a second click (or a
   * change made elsewhere) deletes nothing more: the server answers 409 and the list reloads.
   */
  async function trimLastExchange(): Promise<number[] | undefined> {
    const last = messages.value.filter(m => m.actor !== 'system').at(-1)
    if (!last) {
      toasts.info('Nothing to delete: this chat has no exchange yet.')
      return undefined
    }
    try {
      const result = await $fetch<TrimResult>(`${url.value}/last`, {
        method: 'DELETE',
        query: { expected_last_message_id: last.id },
      })
      const ids = trimmedIds(result)
      data.value = { messages: messages.value.filter(m => !ids.includes(m.id)) }
      toasts.success(ids.length === 1 ? 'Deleted 1 message' : `Deleted ${ids.length} messages`)
      return ids
    }
    catch (error) {
      const status = apiErrorStatus(error)
      if (status === 409) {
        await refresh()
        toasts.error('This chat changed since you opened it, so nothing was deleted. The messages are reloaded; check them and try again.')
      }
      else if (status === 400) {
        await refresh()
        toasts.info('Nothing to delete: this chat has no exchange yet.')
      }
      else {
        toasts.error(apiErrorMessage(error, 'The messages could not be deleted.'))
      }
      return undefined
    }
  }

  /**
   * A change made elsewhere (another tab, an integration, another server instance) as the chat's
   * live socket reports it. `resync`: events may have been missed, so the list is read again.
   */
  function applyLiveEvent(event: ChatLiveEvent) {
    if (event.type === 'message.created') {
      data.value = { messages: withMessages(messages.value, [{ ...event.message, chat_conversation_id: toValue(chatId) }]) }
    }
    else if (event.type === 'messages.deleted') {
      if (messages.value.some(m => event.message_ids.includes(m.id))) {
        data.value = { messages: messages.value.filter(m => !event.message_ids.includes(m.id)) }
      }
    }
    else if (event.type === 'resync') {
      refresh()
    }
  }

  return { messages, ready, toTrim, status, error, refresh, addUserMessage, trimLastExchange, applyLiveEvent }
}
