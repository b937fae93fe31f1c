/**
 * A project's chats, one resource made of four parts that each read alone: the paged listing
 * (useChatPaging), deletes with an undo time (useUndoDelete), changes made elsewhere
 * (useProjectChatsLive) and creating a chat (useCreateChat).
 */
export function useProjectChats(projectId: MaybeRefOrGetter<number>, sort: MaybeRefOrGetter<readonly OrderKey[]> = DEFAULT_ORDER, q: MaybeRefOrGetter<string> = '') {
  const listing = useChatPaging(projectId, sort, q)
  const { deleteChats } = useUndoDelete(listing)
  const { live } = useProjectChatsLive(listing, projectId)
  const { createChat } = useCreateChat(listing)
  const { chats, total, matching, hasMore, loadMore, loadingMore, ready, loaded, status, error, refresh, base } = listing
  return { chats, total, matching, hasMore, loadMore, loadingMore, ready, loaded, status, error, refresh, base, deleteChats, createChat, live }
}
