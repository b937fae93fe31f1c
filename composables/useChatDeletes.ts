import type { ChatRow } from '#shared/types/api'
import type { ChatSearchState } from './useSearchRoute'

interface ChatDeletesOptions {
  projectId: MaybeRefOrGetter<number>
  /** The listing's search (q and filters): "delete all" (and its export) take the chats it matches. */
  search: MaybeRefOrGetter<ChatSearchState>
  selection: ChatSelection
  /** The listing's delete with an undo time (useUndoDelete). */
  deleteChats: (ids: number[]) => Promise<DeleteOutcome>
  /** The batch run behind "delete all N chats". */
  deleteAll: ReturnType<typeof useDeleteAll>
  matching: Ref<number>
  refresh: () => Promise<unknown>
  /** Called once the rows are hidden (useFocusRepair: the clicked button may have left with its row). */
  afterHide: () => Promise<void>
}

/**
 * The project page's deletes: each asks first, then acts; every dialog offers "Export, then
 * delete" (the server's ZIP of what goes, downloaded whole before anything is deleted;
 * useChatExport). `remove` deletes some rows (the dialog says how long Undo is offered); they leave the
 * selection, and come back to it if the delete is undone or refused. `removeAll` deletes every
 * chat of the listing in batches, then re-reads the list.
 */
export function useChatDeletes({ projectId, search, selection, deleteChats, deleteAll, matching, refresh, afterHide }: ChatDeletesOptions) {
  const { confirm } = useConfirm()
  const { exportChats, exportListing } = useChatExport()
  const { delaySeconds } = usePendingDeletes()
  /** What happens after "Delete": the undo time (useUndoDelete), or nothing to wait for. */
  const when = delaySeconds > 0 ? `Deleted in ${delaySeconds} s — you can undo until then.` : 'This cannot be undone.'

  async function remove(targets: ChatRow[]): Promise<void> {
    if (!targets.length) return
    const names = targets.map(chat => chat.name)
    const ok = await confirm({
      title: targets.length === 1 ? 'Delete chat?' : `Delete ${targets.length} chats?`,
      message: targets.length === 1
        ? `Delete “${names[0]}” and all its messages? ${when}`
        : `Delete ${targets.length} chats: ${listNames(names)}? ${when}`,
      confirmLabel: targets.length === 1 ? 'Delete chat' : `Delete ${targets.length} chats`,
      danger: true,
      alternative: exportThenDelete(signal => exportChats(toValue(projectId), targets.map(chat => chat.id), signal)),
    })
    if (!ok) return
    const ids = targets.map(chat => chat.id)
    const wasSelected = selection.unselect(ids)
    const outcome = deleteChats(ids)
    await afterHide()
    const { ok: deleted, missing } = await outcome
    if (!deleted) selection.reselect(wasSelected.filter(id => !missing.includes(id)))
  }

  async function removeAll(): Promise<void> {
    const kept = await deleteAll.keptCount()
    const count = Math.max(0, matching.value - kept)
    const leftOut = kept > 0 ? ` ${plural(kept, 'kept chat')} ${kept === 1 ? 'is' : 'are'} left out (select ${kept === 1 ? 'it' : 'them'} one by one to delete ${kept === 1 ? 'it' : 'them'}).` : ''
    const ok = await confirm({
      title: `Delete ${plural(count, 'chat')}?`,
      message: `Delete ${selection.allLabel.value} and all their messages?${leftOut} They go in batches of ${DELETE_BATCH_SIZE.toLocaleString('en')}; you can stop after the current batch. This cannot be undone.`,
      confirmLabel: `Delete ${plural(count, 'chat')}`,
      danger: true,
      alternative: exportThenDelete(signal => exportListing(toValue(projectId), toValue(search), signal)),
    })
    if (!ok) return
    selection.clear()
    await deleteAll.run(count)
    await refresh()
  }

  return { remove, removeAll }
}

/** The dialogs' second action: the export runs, and only a whole download confirms the delete. */
export function exportThenDelete(run: (signal: AbortSignal) => Promise<void>): ConfirmAlternative {
  return { label: 'Export, then delete', busyLabel: 'Exporting…', run }
}
