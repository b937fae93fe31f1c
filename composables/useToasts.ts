export type ToastKind = 'success' | 'error' | 'info'
export interface ToastAction { label: string, run: () => void }
export interface Toast { id: number, kind: ToastKind, message: string, action?: ToastAction }

let nextId = 1

/** The toasts on screen; ToastRegion shows them, anything may push one. */
export function useToasts() {
  const toasts = useState<Toast[]>('toasts', () => [])

  function dismiss(id: number) {
    toasts.value = toasts.value.filter(toast => toast.id !== id)
  }

  function push(kind: ToastKind, message: string, timeout = kind === 'error' ? 8000 : 5000, action?: ToastAction) {
    const id = nextId++
    toasts.value = [...toasts.value, { id, kind, message, action }]
    if (import.meta.client && timeout > 0) setTimeout(() => dismiss(id), timeout)
    return id
  }

  return {
    toasts: readonly(toasts),
    dismiss,
    success: (message: string) => push('success', message),
    error: (message: string) => push('error', message),
    info: (message: string) => push('info', message),
    /** An info toast with a button (e.g. Undo) that stays until `dismiss` or `timeout` ms. */
    withAction: (message: string, action: ToastAction, timeout = 0) => push('info', message, timeout, action),
  }
}
