import type { ChatRow } from '#shared/types/api'

export interface ChatChange {
  name?: string
  kept?: boolean
}

/**
 * Renaming a chat and keeping it (a pin): PATCH …/projects/{pid}/chats/{cid}. Answers the chat as
 * it now is, or null after showing why it was refused (a toast). Other tabs hear `chat.updated`.
 */
export function useChatUpdate() {
  const userId = useCurrentUserId()
  const toasts = useToasts()

  async function updateChat(projectId: number, chatId: number, change: ChatChange): Promise<ChatRow | null> {
    try {
      const { chat } = await $fetch<{ chat: ChatRow }>(`/api/users/${userId.value}/projects/${projectId}/chats/${chatId}`, { method: 'PATCH', body: change })
      return chat
    }
    catch (error) {
      toasts.error(apiErrorMessage(error, change.name === undefined ? 'The chat could not be changed.' : 'The chat could not be renamed.'))
      return null
    }
  }

  return { updateChat }
}
