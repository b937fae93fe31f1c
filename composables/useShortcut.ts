/** Typing here is text, not a shortcut. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type)
}

/**
 * A page-wide key: `matches` picks the keydown, `run` acts on it. Ignored while the user types in a
 * field, while a modal dialog is open, and when another handler already took the key.
 * Registered while the calling component is mounted.
 */
export function useShortcut(matches: (event: KeyboardEvent) => boolean, run: (event: KeyboardEvent) => void) {
  function onKeydown(event: KeyboardEvent) {
    if (event.defaultPrevented || isTyping(event.target) || document.querySelector('dialog[open]')) return
    if (!matches(event)) return
    event.preventDefault()
    run(event)
  }
  onMounted(() => window.addEventListener('keydown', onKeydown))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeydown))
}
