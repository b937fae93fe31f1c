/**
 * Calls `loadMore` as the returned `sentinel` element (placed after the last row) comes within
 * 600 px of the viewport. A page that does not fill the screen leaves the sentinel in view, so
 * after each change of `count` (rows loaded) it keeps loading until the sentinel leaves it.
 */
export function useLoadOnScroll(loadMore: () => unknown, hasMore: Ref<boolean>, count: () => number) {
  const sentinel = ref<HTMLElement>()
  let observer: IntersectionObserver | undefined
  onMounted(() => {
    observer = new IntersectionObserver(entries => entries.some(entry => entry.isIntersecting) && void loadMore(), { rootMargin: '600px 0px' })
    watch(sentinel, (element, previous) => {
      if (previous) observer?.unobserve(previous)
      if (element) observer?.observe(element)
    }, { immediate: true })
  })
  onBeforeUnmount(() => observer?.disconnect())
  watch(count, async () => {
    await nextTick()
    const element = sentinel.value
    if (element && hasMore.value && element.getBoundingClientRect().top < window.innerHeight + 600) void loadMore()
  })
  return sentinel
}
