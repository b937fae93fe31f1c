export interface DeleteOutcome {
  ok: boolean
  /** Undone in the toast before it was sent. */
  undone?: boolean
  /** Chats the server says are not there (deleted elsewhere): they leave the list for good. */
  missing: number[]
}

/** A keepalive request's body is limited (64 KiB per page in Chromium); a larger one goes as a plain request. */
const KEEPALIVE_BODY_LIMIT = 60_000

/**
 * DELETE of one chat (its own path) or of several (`chat_ids` in the body). Plain fetch, called
 * synchronously, so a delete sent while the page unloads starts before it is gone; a refusal
 * throws `{status, data}` like $fetch, for apiErrorMessage.
 */
async function requestDelete(base: string, ids: number[], keepalive: boolean): Promise<void> {
  const body = ids.length === 1 ? undefined : JSON.stringify({ chat_ids: ids })
  const response = await fetch(ids.length === 1 ? `${base}/${ids[0]}` : base, {
    method: 'DELETE',
    headers: { accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
    body,
    keepalive: keepalive && (body?.length ?? 0) < KEEPALIVE_BODY_LIMIT,
  })
  if (!response.ok) {
    const data: unknown = await response.json().catch(() => undefined)
    throw Object.assign(new Error(`DELETE ${response.status}`), { status: response.status, data })
  }
}

/**
 * Deletes chats of a listing the way the table does: the rows hide at once, Undo is offered for
 * the undo time (usePendingDeletes), then one request goes out — at once if the page is left
 * meanwhile. If the server refuses, the rows reappear exactly where they were (only those it says
 * are gone leave) and a toast says why.
 */
export function useUndoDelete(listing: Pick<ChatPaging, 'base' | 'data' | 'hidden' | 'forget'>) {
  const toasts = useToasts()
  const pending = usePendingDeletes()
  onMounted(() => {
    const sentAsThePageUnloaded = takeDeletesSentOnExit(listing.base.value)
    if (sentAsThePageUnloaded.length) listing.forget(sentAsThePageUnloaded)
  })

  async function send(base: string, ids: number[], names: string[], keepalive: boolean): Promise<DeleteOutcome> {
    if (keepalive) noteDeletesSentOnExit(base, ids)
    try {
      await requestDelete(base, ids, keepalive)
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
    finally {
      if (keepalive) clearDeletesSentOnExit(base, ids)
    }
  }

  /** Hides the rows, offers Undo for the undo time, then sends the delete. */
  async function deleteChats(ids: number[]): Promise<DeleteOutcome> {
    const names = (listing.data.value?.chats ?? []).filter(chat => ids.includes(chat.id)).map(chat => chat.name)
    const base = listing.base.value
    listing.hidden.value = [...listing.hidden.value, ...ids]
    try {
      const what = ids.length === 1 ? `“${names[0]}”` : `${ids.length} chats`
      const outcome = await pending.hold(`${what} will be deleted`, keepalive => send(base, ids, names, keepalive))
      if (outcome) return outcome
      toasts.info(`Kept ${what}`)
      return { ok: false, undone: true, missing: [] }
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
