/**
 * False until the page is interactive. Server-rendered forms stay disabled until then: typed text
 * would be reset by hydration, and a submit would go out as a plain GET of the page.
 */
export function useHydrated() {
  const hydrated = ref(false)
  onMounted(() => {
    hydrated.value = true
  })
  return hydrated
}
