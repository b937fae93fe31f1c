import { startShutdown } from '#server/utils/shutdown'

// Plugins run before Nitro installs its own signal listeners, so ours runs first: the shutdown
// steps (WebSockets closing with 1001) start before Nitro closes the listener and drains requests.
export default defineNitroPlugin(() => {
  if (import.meta.dev) return
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void startShutdown()
      // After Nitro's listener (same signal) has closed the server: from here no connection is accepted.
      setImmediate(() => console.info(`[neptun] ${signal}: no longer accepting connections, finishing requests in flight`))
    })
  }
})
