/**
 * Leaving the project page. A delete waiting out its undo time (usePendingDeletes) needs no
 * question: moving on inside the app sends it at once, and closing or reloading the tab sends it
 * with keepalive. Only a running "delete all" (`busy()`, batches that need the page) holds the
 * user back: leaving inside the app is refused with a toast, closing the tab asks (beforeunload).
 */
export function useLeaveGuard(busy: () => boolean) {
  const toasts = useToasts()
  const pending = usePendingDeletes()

  function onBeforeUnload(event: BeforeUnloadEvent) {
    if (!busy()) return
    event.preventDefault()
    event.returnValue = ''
  }
  onMounted(() => window.addEventListener('beforeunload', onBeforeUnload))
  onBeforeUnmount(() => window.removeEventListener('beforeunload', onBeforeUnload))

  onBeforeRouteLeave(() => {
    if (busy()) {
      toasts.info('Wait for the deletion to finish, or cancel it, before leaving.')
      return false
    }
    pending.flush()
    return true
  })
}
