/**
 * Keeps a project's listing in step with the user's live socket (useUserLive): a chat of this
 * project created or changed elsewhere (renamed, given or trimmed messages) takes its place in
 * the sorted rows and the count, a chat deleted elsewhere (another tab, an integration) leaves
 * the list at once. Events may have been missed
 * while the socket was away, so a reconnect re-reads (from the first page). The first connection
 * does not: it would throw away the pages already scrolled to, for a gap of a moment.
 * `live` is the socket's LiveState (open, reconnecting, or stopped by a sign-out).
 */
export function useProjectChatsLive(listing: Pick<ChatPaging, 'data' | 'hidden' | 'forget' | 'refresh' | 'place'>, projectId: MaybeRefOrGetter<number>) {
  const toasts = useToasts()
  let connectedBefore = false
  const { state: live } = useUserLive((event) => {
    if (event.type === 'chat.created' || event.type === 'chat.updated') {
      if (event.project_ids.includes(toValue(projectId))) listing.place(event.chat, event.type === 'chat.created')
    }
    else if (event.type === 'chat.deleted') {
      const gone = listing.data.value?.chats.find(chat => chat.id === event.chat_id)
      if (!gone) return
      listing.forget([gone.id])
      // This tab's own delete hides its rows first: only a delete made elsewhere is announced.
      if (!listing.hidden.value.includes(gone.id)) toasts.info(`“${gone.name}” was deleted elsewhere.`)
    }
    else if (event.type === 'resync' || (event.type === 'ready' && connectedBefore)) {
      listing.refresh()
    }
    if (event.type === 'ready') connectedBefore = true
  })
  return { live }
}
