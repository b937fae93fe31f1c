// What the server does when it is told to stop (SIGTERM, SIGINT), before Nitro's own graceful
// shutdown closes the listener, waits for the requests in flight and calls the 'close' hooks
// (where the database pool is closed) and exits 0.
//
// Nitro destroys upgraded sockets (WebSockets) the moment it stops accepting, so anything that
// must say goodbye registers a step here: steps start synchronously on the signal, before that
// happens — e.g. `onShutdown(() => closeEverySocket(1001, 'Server shutting down'))` — and the
// pool is closed only after every step's promise has settled.

export type ShutdownStep = () => void | Promise<void>

const steps = new Set<ShutdownStep>()
let started: Promise<void> | undefined

/** Registers a step; the returned function removes it (e.g. when its owner closes first). */
export function onShutdown(step: ShutdownStep): () => void {
  steps.add(step)
  return () => steps.delete(step)
}

/** Runs every step once, whatever the others do; later calls return the same promise. */
export function startShutdown(): Promise<void> {
  started ??= Promise.allSettled([...steps].map(async step => step())).then((results) => {
    for (const result of results) {
      if (result.status === 'rejected') console.error('[neptun] a shutdown step failed:', result.reason)
    }
  })
  return started
}

/** Settles when the steps have (immediately when no shutdown has started). */
export function shutdownStepsSettled(): Promise<void> {
  return started ?? Promise.resolve()
}
