import { startRetentionSweeper, stopRetentionSweeper } from '#server/retention'
import { onShutdown } from '#server/utils/shutdown'

// The retention sweep runs in every instance's background (only the lease holder sweeps) and
// stops with the server, after the chunk in progress, before the database closes.
export default defineNitroPlugin((nitroApp) => {
  startRetentionSweeper()
  onShutdown(stopRetentionSweeper)
  nitroApp.hooks.hook('close', stopRetentionSweeper)
})
