/**
 * A filter box's text (`filter`, bound to the input) and what goes to the server (`q`): the
 * trimmed text, a moment (`delayMs`) after typing stops.
 */
export function useFilterText(delayMs = 250) {
  const filter = ref('')
  const q = ref('')
  let debounce: ReturnType<typeof setTimeout> | undefined
  watch(filter, (text) => {
    clearTimeout(debounce)
    debounce = setTimeout(() => (q.value = text.trim()), delayMs)
  })
  onBeforeUnmount(() => clearTimeout(debounce))
  return { filter, q }
}
