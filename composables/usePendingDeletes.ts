interface Held { resolve: (go: boolean) => void, timer: ReturnType<typeof setTimeout>, toastId: number }

// Module state: the browser tab's held deletes (the server never holds anything; its API stays immediate).
const held = new Set<Held>()

/**
 * Deletes made in the UI wait `runtimeConfig.public.undoDelaySeconds` with Undo in their toast
 * before they are sent. `count` says how many wait, for the leave-the-page guards; `flush` sends
 * them all now.
 */
export function usePendingDeletes() {
  const count = useState('pending-deletes', () => 0)
  const toasts = useToasts()
  const delayMs = Math.max(0, Number(useRuntimeConfig().public.undoDelaySeconds) || 0) * 1000

  function settle(entry: Held, go: boolean) {
    if (!held.delete(entry)) return
    clearTimeout(entry.timer)
    toasts.dismiss(entry.toastId)
    count.value = held.size
    entry.resolve(go)
  }

  /** Resolves true when the delete should go out, false when the user pressed Undo. */
  function hold(message: string): Promise<boolean> {
    if (!import.meta.client || delayMs === 0) return Promise.resolve(true)
    return new Promise((resolve) => {
      const entry = { resolve } as Held
      entry.toastId = toasts.withAction(message, { label: 'Undo', run: () => settle(entry, false) })
      entry.timer = setTimeout(() => settle(entry, true), delayMs)
      held.add(entry)
      count.value = held.size
    })
  }

  function flush() {
    for (const entry of [...held]) settle(entry, true)
  }

  return { count: readonly(count), hold, flush, delaySeconds: delayMs / 1000 }
}
