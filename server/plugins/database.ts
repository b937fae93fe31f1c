import { useDatabaseStartup } from '../utils/db'

// Starts the migrations with the server (requests still await them through useDb) and stops the
// process when they fail: a server on a half-migrated schema must not serve.
export default defineNitroPlugin((nitroApp) => {
  useDatabaseStartup().then(
    open => console.info(`[neptun] database ready (${open.driver === 'pglite' ? `PGlite at ${process.env.PGLITE_DATA_DIR || '.data/pglite'}` : 'PostgreSQL'})`),
    (error: unknown) => {
      console.error('[neptun] database migration failed, stopping:', error)
      process.exit(1)
    },
  )
  nitroApp.hooks.hook('close', async () => {
    await (await useDatabaseStartup()).close()
  })
  nitroApp.hooks.hook('beforeResponse', (event) => {
    const count = event.context.dbStatements ?? 0
    if (!event.node.res.headersSent) setResponseHeader(event, 'Server-Timing', `db;desc="statements=${count}"`)
  })
})
