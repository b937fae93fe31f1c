import type { ChatLiveEvent } from '#shared/types/live'

/** Follows one chat (by its UUID) while the page shows it: GET /api/v1/chats/{uuid}/live. */
export function useChatLive(chatUuid: MaybeRefOrGetter<string | undefined>, onEvent: (event: ChatLiveEvent) => void) {
  return useLiveSocket<ChatLiveEvent>(() => {
    const uuid = toValue(chatUuid)
    return uuid ? `/api/v1/chats/${uuid}/live` : undefined
  }, onEvent)
}
