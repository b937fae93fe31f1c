import { LIVE_CLOSE, type LiveEvent } from '#shared/types/live'

const RETRY_DELAYS_MS = [1000, 2000, 5000, 10_000, 30_000]

/**
 * A live socket for as long as the component is mounted (the browser only): every JSON frame goes
 * to `onEvent` (the frames and close codes: shared/types/live.ts). A socket that drops reconnects
 * with backoff (a server restarting, a deploy moving it to another instance); one closed because
 * its chat was deleted (4004) does not. `path` is watched: a new path closes the old socket and
 * opens the new one; undefined opens none.
 */
export function useLiveSocket<E extends LiveEvent>(path: MaybeRefOrGetter<string | undefined>, onEvent: (event: E) => void) {
  const connected = ref(false)
  let socket: WebSocket | undefined
  let retry: ReturnType<typeof setTimeout> | undefined
  let attempt = 0
  let active = false

  function connect() {
    const target = toValue(path)
    if (!active || !target) return
    const url = new URL(target, window.location.href)
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
    const current = new WebSocket(url)
    socket = current
    current.onopen = () => {
      attempt = 0
      connected.value = true
    }
    current.onmessage = (message) => {
      try {
        onEvent(JSON.parse(String(message.data)) as E)
      }
      catch {
        // Not JSON: not ours to read.
      }
    }
    current.onclose = (event) => {
      if (socket !== current) return
      connected.value = false
      socket = undefined
      if (event.code === LIVE_CLOSE.chatDeleted || !active) return
      retry = setTimeout(connect, RETRY_DELAYS_MS[Math.min(attempt++, RETRY_DELAYS_MS.length - 1)])
    }
  }

  function disconnect() {
    clearTimeout(retry)
    const current = socket
    socket = undefined
    connected.value = false
    current?.close(LIVE_CLOSE.normal)
  }

  onMounted(() => {
    active = true
    connect()
  })
  onBeforeUnmount(() => {
    active = false
    disconnect()
  })
  watch(() => toValue(path), () => {
    if (!active) return
    disconnect()
    attempt = 0
    connect()
  })

  return { connected: readonly(connected) }
}
