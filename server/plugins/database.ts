import type { H3Event } from 'h3'
import { useSettings } from '#server/settings'
import { useDatabaseStartup } from '#server/utils/db'
import { startLiveHub, stopLiveHub } from '#server/live'
import { shutdownStepsSettled } from '#server/utils/shutdown'

// Starts the migrations with the server (requests still await them through useDb) and stops the
// process when they fail: a server on a half-migrated schema must not serve.
export default defineNitroPlugin((nitroApp) => {
  useDatabaseStartup().then(
    (open) => {
      console.info(`[neptun] database ready (${open.driver === 'pglite' ? `PGlite at ${useSettings().database.pgliteDir}` : 'PostgreSQL'})`)
      // On Postgres the live listener's connection also pings the database for the circuit
      // breaker (server/database/breaker.ts), so it runs from the start, not from the first socket.
      // If it cannot start now, the first handshake starts it.
      if (open.driver === 'postgres') {
        startLiveHub().catch((error: unknown) => console.warn(`[neptun] live listener not started (${(error as Error).message}); the first live socket retries`))
      }
    },
    (error: unknown) => {
      console.error('[neptun] database migration failed, stopping:', error)
      process.exit(1)
    },
  )
  // Nitro calls 'close' once the requests in flight are done; the shutdown steps may still use
  // the database, so the pool closes after them.
  nitroApp.hooks.hook('close', async () => {
    await shutdownStepsSettled()
    // The live hub is a shutdown step; a 'close' without a signal stops it here. Either way its
    // presence rows go while the database is still open.
    await stopLiveHub()
    await (await useDatabaseStartup()).close()
    console.info('[neptun] database closed')
  })
  // Error answers skip beforeResponse, so they get the header from the error hook.
  nitroApp.hooks.hook('beforeResponse', sendStatementCount)
  nitroApp.hooks.hook('error', (_error, { event }) => {
    if (event) sendStatementCount(event)
  })
})

function sendStatementCount(event: H3Event) {
  if (event.node.res.headersSent) return
  setResponseHeader(event, 'Server-Timing', `db;desc="statements=${event.context.dbStatements ?? 0}"`)
}
