/** Sends a held delete: `keepalive` when the page is going away (the request outlives it). */
export type HeldSend<T> = (keepalive: boolean) => Promise<T>

interface Held {
  settle: (how: 'undo' | 'send' | 'exit') => void
}

// Module state: the browser tab's held deletes (the server never holds anything; its API stays immediate).
const held = new Set<Held>()
let listening = false

/** The tab is closing, reloading, navigating away or hidden (a phone may never wake it): send now. */
function sendAllOnExit() {
  for (const entry of [...held]) entry.settle('exit')
}

function listenForExit() {
  if (listening) return
  listening = true
  window.addEventListener('pagehide', sendAllOnExit)
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') sendAllOnExit()
  })
}

/**
 * Deletes made in the UI wait `runtimeConfig.public.undoDelaySeconds` with Undo in their toast
 * before they are sent. A confirmed delete is never lost: when the page is hidden or unloaded
 * during the wait (tab closed, reload, another site) it goes out at once with `keepalive`, and
 * `flush` sends every held delete now (leaving the page inside the app).
 */
export function usePendingDeletes() {
  const toasts = useToasts()
  const delaySeconds = Math.max(0, Number(useRuntimeConfig().public.undoDelaySeconds) || 0)

  /**
   * Holds `send` for the undo time, then calls it; resolves with its result, or undefined when
   * the user pressed Undo (then nothing is sent).
   */
  function hold<T>(message: string, send: HeldSend<T>): Promise<T | undefined> {
    if (!import.meta.client || delaySeconds === 0) return send(false)
    listenForExit()
    return new Promise((resolve) => {
      const entry: Held = {
        settle(how) {
          if (!held.delete(entry)) return
          clearTimeout(timer)
          toasts.dismiss(toastId)
          // Called here, in the event's own turn: the request starts before the page is gone.
          resolve(how === 'undo' ? undefined : send(how === 'exit'))
        },
      }
      const toastId = toasts.withAction(message, { label: 'Undo', run: () => entry.settle('undo') })
      const timer = setTimeout(() => entry.settle('send'), delaySeconds * 1000)
      held.add(entry)
    })
  }

  function flush() {
    for (const entry of [...held]) entry.settle('send')
  }

  return { hold, flush, delaySeconds }
}
