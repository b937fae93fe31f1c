export interface ConfirmAction {
  label: string
  /** Runs without closing the dialog (e.g. "Download JSON"). */
  run: () => Promise<void> | void
}

export interface ConfirmOptions {
  title: string
  message: string
  confirmLabel?: string
  cancelLabel?: string
  danger?: boolean
  /** A line above the extra actions, e.g. "Keep a copy first:". */
  actionsLabel?: string
  actions?: ConfirmAction[]
}

interface ConfirmRequest extends ConfirmOptions {
  id: number
}

let resolver: ((answer: boolean) => void) | undefined
let nextId = 1

/**
 * `if (!await confirm({...})) return` — ConfirmDialog (in app.vue) shows the request and answers.
 * A second request while one is open answers the first with false.
 */
export function useConfirm() {
  const request = useState<ConfirmRequest | null>('confirm-request', () => null)

  function confirm(options: ConfirmOptions): Promise<boolean> {
    resolver?.(false)
    return new Promise<boolean>((resolve) => {
      resolver = resolve
      request.value = { ...options, id: nextId++ }
    })
  }

  function answer(value: boolean) {
    const resolve = resolver
    resolver = undefined
    request.value = null
    resolve?.(value)
  }

  return { request: readonly(request), confirm, answer }
}
