/** Rows rendered beyond each edge of the viewport: small projects render whole. */
export const ROW_WINDOW_OVERSCAN = 200
/** The window moves in steps of this many rows, so scrolling re-renders now and then, not per event. */
const STEP = 100

/**
 * Which of `count` rows to render so a table of any length keeps a bounded DOM: the rows around
 * the viewport, and spacers of the average rendered row's height for the rest. The page scrolls
 * (not the table), so the window follows window scroll and resize. Before mount (and on the
 * server) it renders the first rows.
 */
export function useRowWindow(count: MaybeRefOrGetter<number>, body: Ref<HTMLElement | undefined>) {
  const start = ref(0)
  const end = ref(Math.min(toValue(count), ROW_WINDOW_OVERSCAN + STEP))
  const rowHeight = ref(44)

  function measure() {
    const rows = body.value?.querySelectorAll<HTMLElement>(':scope > tr[data-index]')
    if (!rows?.length) return
    const height = (rows[rows.length - 1]!.getBoundingClientRect().bottom - rows[0]!.getBoundingClientRect().top) / rows.length
    if (height > 0 && Math.abs(height - rowHeight.value) >= 1) rowHeight.value = height
  }

  function update() {
    const total = toValue(count)
    const element = body.value
    if (!element) {
      end.value = Math.min(total, end.value)
      return
    }
    measure()
    const scrolledPast = Math.max(0, -element.getBoundingClientRect().top)
    const firstInView = Math.floor(scrolledPast / rowHeight.value)
    const inView = Math.ceil(window.innerHeight / rowHeight.value)
    const from = Math.max(0, Math.floor((firstInView - ROW_WINDOW_OVERSCAN) / STEP) * STEP)
    const to = Math.min(total, Math.ceil((firstInView + inView + ROW_WINDOW_OVERSCAN) / STEP) * STEP)
    if (from !== start.value) start.value = Math.min(from, total)
    if (to !== end.value) end.value = to
  }

  let frame = 0
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(() => {
      frame = 0
      update()
    })
  }
  onMounted(() => {
    window.addEventListener('scroll', schedule, { passive: true })
    window.addEventListener('resize', schedule, { passive: true })
    update()
  })
  onBeforeUnmount(() => {
    window.removeEventListener('scroll', schedule)
    window.removeEventListener('resize', schedule)
    cancelAnimationFrame(frame)
  })
  watch(() => toValue(count), () => nextTick(update))

  const before = computed(() => Math.round(start.value * rowHeight.value))
  const after = computed(() => Math.round(Math.max(0, toValue(count) - end.value) * rowHeight.value))
  return { start, end, before, after }
}
