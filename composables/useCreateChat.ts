import type { ChatRow } from '#shared/types/api'

/** Creates a chat in the listing's project and slots it into the loaded rows where the sort puts it. */
export function useCreateChat(listing: Pick<ChatPaging, 'base' | 'place'>) {
  const toasts = useToasts()

  async function createChat(input: { name: string, model: string }): Promise<ChatRow> {
    const { chat } = await $fetch<{ chat: ChatRow }>(listing.base.value, { method: 'POST', body: input })
    const row: ChatRow = { id: chat.id, neptun_user_id: chat.neptun_user_id, name: chat.name, model: chat.model, created_at: chat.created_at, updated_at: chat.updated_at, kept: chat.kept }
    listing.place(row, true)
    toasts.success(`Created chat “${row.name}”`)
    return row
  }

  return { createChat }
}
