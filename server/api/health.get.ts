import { pingDatabase } from '#server/database/queries/health'

// For load balancers and probes: no session, one trivial statement.
export default defineEventHandler(async () => {
  await pingDatabase(await useDb())
  return { status: 'ok', database: 'ok' }
})
