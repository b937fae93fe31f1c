export type ToastKind = 'success' | 'error' | 'info'
export interface Toast { id: number, kind: ToastKind, message: string }

let nextId = 1

/** The toasts on screen; ToastRegion shows them, anything may push one. */
export function useToasts() {
  const toasts = useState<Toast[]>('toasts', () => [])

  function dismiss(id: number) {
    toasts.value = toasts.value.filter(toast => toast.id !== id)
  }

  function push(kind: ToastKind, message: string, timeout = kind === 'error' ? 8000 : 5000) {
    const id = nextId++
    toasts.value = [...toasts.value, { id, kind, message }]
    if (import.meta.client && timeout > 0) setTimeout(() => dismiss(id), timeout)
    return id
  }

  return {
    toasts: readonly(toasts),
    dismiss,
    success: (message: string) => push('success', message),
    error: (message: string) => push('error', message),
    info: (message: string) => push('info', message),
  }
}
