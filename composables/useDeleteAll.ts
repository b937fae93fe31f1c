import type { ChatCount, ChatsPage } from '#shared/types/api'
import type { ChatSearchState } from './useSearchRoute'

export const DELETE_BATCH_SIZE = 1000

export interface DeleteAllProgress {
  running: boolean
  /** Chats to delete, as counted when the run started. */
  total: number
  deleted: number
  batches: number
  cancelling: boolean
  /** Set when the run is over: what happened, in one sentence. */
  summary?: string
  failed?: boolean
}

/**
 * "Delete all N chats": kept chats are left out (they go only when selected one by one). Fetches the ids a batch at a time (id order, keyset cursor, so chats that
 * come or go meanwhile do not derail it) and deletes each batch with one request. Each batch is
 * all or nothing on the server; a refused batch stops the run and only its own rows stay.
 * Cancel stops after the batch in flight.
 */
export function useDeleteAll(base: MaybeRefOrGetter<string>, search: MaybeRefOrGetter<ChatSearchState>) {
  const progress = ref<DeleteAllProgress | null>(null)
  /** The listing's q and filters as query parameters: the run deletes what the listing matches. */
  function searchParams(): Record<string, string> {
    const { q, filters } = toValue(search)
    return { ...chatFilterParams(filters), ...(q.trim() ? { q: q.trim() } : {}) }
  }

  async function run(total: number): Promise<void> {
    const state: DeleteAllProgress = reactive({ running: true, total, deleted: 0, batches: 0, cancelling: false })
    progress.value = state
    let cursor: string | undefined
    // Taken once: the ids pages' cursor carries them on.
    const params = searchParams()
    // A listing of kept chats only: the run leaves every one of them out.
    if (params.kept === 'true') {
      Object.assign(state, { running: false, summary: 'Deleted 0 chats: kept chats are deleted only one by one.' })
      return
    }
    try {
      for (;;) {
        const page = await $fetch<ChatsPage>(toValue(base), {
          query: cursor ? { cursor } : { order_by: formatOrderBy([{ column: 'id', direction: 'asc' }]), limit: DELETE_BATCH_SIZE, ...params, kept: 'false' },
        })
        const ids = page.chats.map(chat => chat.id)
        if (ids.length) {
          await $fetch(toValue(base), { method: 'DELETE', body: { chat_ids: ids } })
          state.deleted += ids.length
          state.batches++
        }
        if (!page.next_cursor || !ids.length) break
        cursor = page.next_cursor
        if (state.cancelling) {
          state.summary = `Cancelled: deleted ${plural(state.deleted, 'chat')} of ${total.toLocaleString('en')}; the rest are still there.`
          return
        }
      }
      state.summary = `Deleted ${plural(state.deleted, 'chat')}.`
    }
    catch (error) {
      state.failed = true
      state.summary = `Deleted ${plural(state.deleted, 'chat')}, then a batch was refused: ${apiErrorMessage(error).replace(/\.?$/, '.')} Nothing of that batch was deleted.`
    }
    finally {
      state.running = false
    }
  }

  /** How many of the listing's chats are kept (and so left out of the run). */
  async function keptCount(): Promise<number> {
    const counted = await $fetch<ChatCount>(`${toValue(base)}/count`, { query: searchParams() })
    return counted.kept ?? 0
  }

  function cancel() {
    if (progress.value?.running) progress.value.cancelling = true
  }

  function close() {
    if (!progress.value?.running) progress.value = null
  }

  return { progress, run, keptCount, cancel, close }
}
