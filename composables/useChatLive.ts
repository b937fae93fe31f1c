import type { ChatLiveEvent, UserLiveEvent } from '#shared/types/live'

/** Follows one chat (by its UUID) while the page shows it: GET /api/v1/chats/{uuid}/live. */
export function useChatLive(chatUuid: MaybeRefOrGetter<string | undefined>, onEvent: (event: ChatLiveEvent) => void) {
  return useLiveSocket<ChatLiveEvent>(() => {
    const uuid = toValue(chatUuid)
    return uuid ? `/api/v1/chats/${uuid}/live` : undefined
  }, onEvent)
}

/** The signed-in user's chat deletions, for the chat lists: GET /api/users/{user_id}/live. */
export function useUserLive(onEvent: (event: UserLiveEvent) => void) {
  const userId = useCurrentUserId()
  return useLiveSocket<UserLiveEvent>(() => userId.value ? `/api/users/${userId.value}/live` : undefined, onEvent)
}
