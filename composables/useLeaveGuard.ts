/**
 * A delete waiting out its undo time (usePendingDeletes) is lost if the tab closes, and sent at
 * once if the user moves on inside the app: closing the tab asks (beforeunload), leaving the page
 * asks in the app's dialog ("Delete and leave" sends it now). While `busy()` (a batch delete
 * runs), leaving is refused with a toast.
 */
export function useLeaveGuard(busy: () => boolean) {
  const { confirm } = useConfirm()
  const toasts = useToasts()
  const pending = usePendingDeletes()

  function onBeforeUnload(event: BeforeUnloadEvent) {
    if (pending.count.value === 0 && !busy()) return
    event.preventDefault()
    event.returnValue = ''
  }
  onMounted(() => window.addEventListener('beforeunload', onBeforeUnload))
  onBeforeUnmount(() => window.removeEventListener('beforeunload', onBeforeUnload))

  onBeforeRouteLeave(async () => {
    if (busy()) {
      toasts.info('Wait for the deletion to finish, or cancel it, before leaving.')
      return false
    }
    if (pending.count.value === 0) return true
    const leave = await confirm({
      title: 'Leave this page?',
      message: `A deletion is waiting for its undo time to pass. Leave now and it is sent at once; stay to undo it.`,
      confirmLabel: 'Delete and leave',
      cancelLabel: 'Stay',
      danger: true,
    })
    if (leave) pending.flush()
    return leave
  })
}
