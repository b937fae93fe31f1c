/**
 * The clock relative times count from. The server's "now" is kept for hydration so the HTML
 * matches; after mount it ticks every 30 s. `mounted` tells when local formatting is safe.
 */
export function useNow() {
  const now = useState('now', () => Date.now())
  const mounted = ref(false)
  let timer: ReturnType<typeof setInterval> | undefined
  onMounted(() => {
    mounted.value = true
    now.value = Date.now()
    timer = setInterval(() => (now.value = Date.now()), 30_000)
  })
  onBeforeUnmount(() => clearInterval(timer))
  return { now: readonly(now), mounted: readonly(mounted) }
}
