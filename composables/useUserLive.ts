import type { UserLiveEvent } from '#shared/types/live'

/** The signed-in user's chats created, changed and deleted, for the chat lists: GET /api/users/{user_id}/live. */
export function useUserLive(onEvent: (event: UserLiveEvent) => void) {
  const userId = useCurrentUserId()
  return useLiveSocket<UserLiveEvent>(() => userId.value ? `/api/users/${userId.value}/live` : undefined, onEvent)
}
