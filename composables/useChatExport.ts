import type { ChatRow } from '#shared/types/api'

/** Downloads chats with their messages as one JSON or Markdown file; a failure is a toast. */
export function useChatExport() {
  const userId = useCurrentUserId()
  const toasts = useToasts()

  async function exportChats(targets: ChatRow[], format: 'json' | 'md'): Promise<void> {
    try {
      const withMessages = await Promise.all(targets.map(async chat => ({ ...chat, ...(await fetchChatMessages(userId.value!, chat.id)) })))
      if (format === 'json') downloadText(chatsToJson(withMessages), exportFilename(targets, 'json'), 'application/json')
      else downloadText(chatsToMarkdown(withMessages), exportFilename(targets, 'md'), 'text/markdown')
    }
    catch (error) {
      toasts.error(apiErrorMessage(error, 'The export failed.'))
    }
  }

  return { exportChats }
}
