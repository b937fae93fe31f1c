import type { ChatRow } from '#shared/types/api'
import type { ChatSearchState } from './useSearchRoute'

/**
 * A project's chats, one resource made of parts that each read alone: the paged listing
 * (useChatPaging), deletes with an undo time (useUndoDelete), changes made elsewhere
 * (useProjectChatsLive), creating a chat (useCreateChat) and renaming or keeping one (useChatUpdate).
 */
export function useProjectChats(projectId: MaybeRefOrGetter<number>, sort: MaybeRefOrGetter<readonly OrderKey[]> = DEFAULT_ORDER, search: MaybeRefOrGetter<ChatSearchState> = { q: '', filters: {} }) {
  const listing = useChatPaging(projectId, sort, search)
  const { deleteChats } = useUndoDelete(listing)
  const { live } = useProjectChatsLive(listing, projectId)
  const { createChat } = useCreateChat(listing)
  const { updateChat } = useChatUpdate()
  /** Renames or keeps a chat; its row moves (or leaves the listing) at once. */
  async function changeChat(chat: ChatRow, change: ChatChange): Promise<boolean> {
    const changed = await updateChat(toValue(projectId), chat.id, change)
    if (changed) listing.place(changed, false)
    return changed !== null
  }
  const { chats, total, matching, hasMore, loadMore, loadingMore, ready, loaded, status, error, refresh, base } = listing
  return { chats, total, matching, hasMore, loadMore, loadingMore, ready, loaded, status, error, refresh, base, deleteChats, createChat, changeChat, live }
}
