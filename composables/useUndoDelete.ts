export interface DeleteOutcome {
  ok: boolean
  /** Undone in the toast before it was sent. */
  undone?: boolean
  /** Chats the server says are not there (deleted elsewhere): they leave the list for good. */
  missing: number[]
}

/**
 * Deletes chats of a listing the way the table does: the rows hide at once, Undo is offered for
 * the undo time (usePendingDeletes), then one request goes out. If the server refuses, the rows
 * reappear exactly where they were (only those it says are gone leave) and a toast says why.
 */
export function useUndoDelete(listing: Pick<ChatPaging, 'base' | 'data' | 'hidden' | 'forget'>) {
  const toasts = useToasts()
  const pending = usePendingDeletes()

  async function send(ids: number[], names: string[]): Promise<DeleteOutcome> {
    const base = listing.base.value
    try {
      if (ids.length === 1) await $fetch(`${base}/${ids[0]}`, { method: 'DELETE' })
      else await $fetch(base, { method: 'DELETE', body: { chat_ids: ids } })
      listing.forget(ids)
      toasts.success(ids.length === 1 ? `Deleted “${names[0]}”` : `Deleted ${ids.length} chats`)
      return { ok: true, missing: [] }
    }
    catch (deleteError) {
      const missing = missingChatIds(deleteError, ids)
      listing.forget(missing)
      const kept = ids.length - missing.length
      const nothing = ids.length === 1 ? '' : ` Nothing was deleted${kept ? `; ${kept === 1 ? 'the other chat is' : `the other ${kept} chats are`} back in the list` : ''}.`
      toasts.error(`${apiErrorMessage(deleteError, 'The chats could not be deleted.').replace(/\.?$/, '.')}${nothing}`)
      return { ok: false, missing }
    }
  }

  /** Hides the rows, offers Undo for the undo time, then sends the delete. */
  async function deleteChats(ids: number[]): Promise<DeleteOutcome> {
    const names = (listing.data.value?.chats ?? []).filter(chat => ids.includes(chat.id)).map(chat => chat.name)
    listing.hidden.value = [...listing.hidden.value, ...ids]
    try {
      const what = ids.length === 1 ? `“${names[0]}”` : `${ids.length} chats`
      const go = await pending.hold(`${what} will be deleted`)
      if (!go) {
        toasts.info(`Kept ${what}`)
        return { ok: false, undone: true, missing: [] }
      }
      return await send(ids, names)
    }
    finally {
      listing.hidden.value = listing.hidden.value.filter(id => !ids.includes(id))
    }
  }

  return { deleteChats }
}

/** A 404 names the chats that are not there (batch: data.missing_chat_ids; single: the one asked for). */
export function missingChatIds(error: unknown, ids: number[]): number[] {
  if (apiErrorStatus(error) !== 404 || apiErrorMessage(error) !== 'Chat not found') return []
  const data = (error as { data?: { data?: { missing_chat_ids?: unknown } } }).data?.data
  const listed = Array.isArray(data?.missing_chat_ids) ? data.missing_chat_ids.filter((id): id is number => typeof id === 'number') : undefined
  return listed ?? (ids.length === 1 ? ids : [])
}
