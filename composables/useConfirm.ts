export interface ConfirmAlternative {
  /** The second action's button, e.g. "Export, then delete". */
  label: string
  /** Its button while `run` runs, e.g. "Exporting…". */
  busyLabel: string
  /**
   * Runs before the dialog answers: when it resolves the dialog answers true (as the confirm
   * button does); when it throws the dialog stays open and shows the error, and answers nothing.
   * Cancel aborts `signal`.
   */
  run: (signal: AbortSignal) => Promise<void>
}

export interface ConfirmOptions {
  title: string
  message: string
  confirmLabel?: string
  cancelLabel?: string
  danger?: boolean
  /** A second way to confirm that does something first (one per dialog). */
  alternative?: ConfirmAlternative
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
