let subscribers = 0
let timer: ReturnType<typeof setInterval> | undefined

/**
 * The clock relative times count from. The server's "now" is kept for hydration so the HTML
 * matches; after mount one shared timer ticks every 30 s. `mounted` tells when local formatting
 * (the reader's time zone) is safe.
 */
export function useNow() {
  const now = useState('now', () => Date.now())
  const mounted = ref(false)
  onMounted(() => {
    mounted.value = true
    now.value = Date.now()
    if (subscribers++ === 0) timer = setInterval(() => (now.value = Date.now()), 30_000)
  })
  onBeforeUnmount(() => {
    if (mounted.value && --subscribers === 0) clearInterval(timer)
  })
  return { now: readonly(now), mounted: readonly(mounted) }
}
