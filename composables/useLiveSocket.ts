import { LIVE_CLOSE, type LiveEvent } from '#shared/types/live'

const RETRY_DELAYS_MS = [1000, 2000, 5000, 10_000, 30_000]
const SESSION_RECHECK_MS = 1000

/** Whether this browser's session cookie is current: true, false (401), or undefined (no answer). */
function isSignedIn(): Promise<boolean | undefined> {
  return $fetch('/api/auth/session').then(() => true, (error: { statusCode?: number }) => error.statusCode === 401 ? false : undefined)
}

/**
 * What a page shows of its live socket: open (`live`), away and reconnecting (`offline`), or
 * stopped because this browser's session was ended — a sign-out or a password change, here or on
 * another device (`signed-out`: reconnecting would be refused, so it does not try).
 */
export type LiveState = 'live' | 'offline' | 'signed-out'

/**
 * A live socket for as long as the component is mounted (the browser only): every JSON frame goes
 * to `onEvent` (the frames and close codes: shared/types/live.ts). A socket that drops reconnects
 * with backoff (a server restarting, a deploy moving it to another instance); one closed because
 * its chat was deleted (4004) does not. One closed because its session was revoked (4001) asks
 * whether this browser is still signed in — a password change made in this browser renewed its
 * cookie — and reconnects if so; otherwise the state says `signed-out`. `path` is watched: a new
 * path closes the old socket and opens the new one; undefined opens none.
 */
export function useLiveSocket<E extends LiveEvent>(path: MaybeRefOrGetter<string | undefined>, onEvent: (event: E) => void) {
  const state = ref<LiveState>('offline')
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
      state.value = 'live'
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
      state.value = 'offline'
      socket = undefined
      if (event.code === LIVE_CLOSE.chatDeleted || !active) return
      if (event.code === LIVE_CLOSE.revoked) {
        void reconnectIfSignedIn()
        return
      }
      scheduleRetry()
    }
  }

  function scheduleRetry() {
    retry = setTimeout(connect, RETRY_DELAYS_MS[Math.min(attempt++, RETRY_DELAYS_MS.length - 1)])
  }

  /**
   * The server closes the socket as the revocation commits, which can be before this browser's
   * own password change has its answer (and the new cookie) back: a first "signed out" is asked
   * again a moment later before the page believes it.
   */
  async function reconnectIfSignedIn() {
    let signedIn = await isSignedIn()
    if (signedIn === false) {
      await new Promise(resolve => setTimeout(resolve, SESSION_RECHECK_MS))
      signedIn = await isSignedIn()
    }
    if (!active || socket) return
    if (signedIn === false) state.value = 'signed-out'
    // Still signed in (this browser's cookie was renewed): the new session opens a socket at once.
    else if (signedIn) connect()
    else scheduleRetry()
  }

  function disconnect() {
    clearTimeout(retry)
    const current = socket
    socket = undefined
    state.value = 'offline'
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

  return { state: readonly(state), connected: computed(() => state.value === 'live') }
}
