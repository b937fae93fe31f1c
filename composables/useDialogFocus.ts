const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])'

/**
 * Modal behaviour for a native <dialog>: opens with showModal (the page behind goes inert),
 * keeps Tab inside, and gives focus back to the element that opened it — or, when that element
 * has gone (its row was just deleted), to the page's main region.
 */
export function useDialogFocus(dialog: Ref<HTMLDialogElement | undefined>) {
  let opener: HTMLElement | null = null

  function open(initial?: HTMLElement | null) {
    const element = dialog.value
    if (!element) return
    opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    if (!element.open) element.showModal()
    ;(initial ?? element.querySelector<HTMLElement>(FOCUSABLE))?.focus()
  }

  function close() {
    const element = dialog.value
    if (element?.open) element.close()
    const target = opener?.isConnected ? opener : document.getElementById('main')
    opener = null
    target?.focus()
  }

  function trapTab(event: KeyboardEvent) {
    if (event.key !== 'Tab' || !dialog.value) return
    const items = [...dialog.value.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(item => item.offsetParent !== null)
    if (!items.length) return
    const first = items[0]!
    const last = items.at(-1)!
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault()
      last.focus()
    }
    else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault()
      first.focus()
    }
  }

  return { open, close, trapTab }
}
