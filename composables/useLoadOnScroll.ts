/**
 * Calls `loadMore` as the returned `sentinel` element (placed after the last row) comes within
 * 600 px of the viewport. After each load that added rows, and on every scroll, it looks again: a
 * page that does not fill the screen, or a load that finished while the sentinel stayed in view
 * (an intersection observer only reports changes), goes on loading until the sentinel leaves it.
 */
export function useLoadOnScroll(loadMore: () => unknown, hasMore: Ref<boolean>, count: () => number) {
  const sentinel = ref<HTMLElement>()
  let observer: IntersectionObserver | undefined
  let frame = 0

  function near(): boolean {
    const element = sentinel.value
    return !!element && hasMore.value && element.getBoundingClientRect().top < window.innerHeight + 600
  }
  async function load() {
    const before = count()
    await loadMore()
    if (count() === before) return
    await nextTick()
    lookSoon()
  }
  function lookSoon() {
    if (frame) return
    frame = requestAnimationFrame(() => {
      frame = 0
      if (near()) void load()
    })
  }

  onMounted(() => {
    observer = new IntersectionObserver(entries => entries.some(entry => entry.isIntersecting) && void load(), { rootMargin: '600px 0px' })
    watch(sentinel, (element, previous) => {
      if (previous) observer?.unobserve(previous)
      if (element) observer?.observe(element)
    }, { immediate: true })
    window.addEventListener('scroll', lookSoon, { passive: true })
  })
  onBeforeUnmount(() => {
    observer?.disconnect()
    window.removeEventListener('scroll', lookSoon)
    cancelAnimationFrame(frame)
  })
  watch(count, async () => {
    await nextTick()
    lookSoon()
  })
  return sentinel
}
