/**
 * Returns `repair()`: after the DOM updates, if focus fell to nowhere (the body, or the page's
 * <main>), it goes to `fallback`. For a button that left with its row (a deleted chat's).
 */
export function useFocusRepair(fallback: Ref<HTMLElement | undefined>) {
  return async function repair(): Promise<void> {
    await nextTick()
    const active = document.activeElement
    if (!active || active === document.body || active.id === 'main') fallback.value?.focus()
  }
}
