import { randomUUID } from 'node:crypto'
import { deleteExpiredIdempotencyKeys } from '#server/database/queries/idempotency-keys'
import { useSettings } from '#server/settings'
import { useDatabaseStartup } from '#server/utils/db'
import { runRetentionSweep } from './sweep'

// Every RETENTION_SWEEP_INTERVAL_SECONDS each instance asks for the sweep's lease; the one that
// gets it sweeps, the others wait for the next tick. A sweep that fails is logged and tried again
// at the next tick (its committed chunks stay deleted, the rest is found again).

/** Longer than any chunk; renewed before each one, so a dead holder blocks others this long at most. */
export const LEASE_SECONDS = 30

const instanceId = randomUUID()
let timer: NodeJS.Timeout | undefined
let running: Promise<void> | undefined
let stopped = false

export function startRetentionSweeper(): void {
  if (timer || stopped) return
  schedule()
}

/** Stops scheduling and lets a sweep in progress end after its current chunk. */
export async function stopRetentionSweeper(): Promise<void> {
  stopped = true
  clearTimeout(timer)
  await running
}

function schedule(): void {
  timer = setTimeout(() => {
    running = sweepOnce().finally(() => {
      running = undefined
      if (!stopped) schedule()
    })
  }, useSettings().retentionSweepIntervalSeconds * 1000)
  timer.unref()
}

async function sweepOnce(): Promise<void> {
  try {
    const { db } = await useDatabaseStartup()
    const result = await runRetentionSweep(db, {
      instanceId,
      leaseSeconds: LEASE_SECONDS,
      liveTtlSeconds: useSettings().livePresenceTtlSeconds,
      stopping: () => stopped,
    })
    // The lease holder also drops expired Idempotency-Key answers (server/v1/idempotency.ts).
    if (result.swept) await deleteExpiredIdempotencyKeys(db)
    if (result.swept && (result.deleted > 0 || result.skippedLive > 0)) {
      console.info(`[neptun] retention sweep ${result.runId}: deleted ${result.deleted} chats in ${result.chunks} chunks, skipped ${result.skippedLive} open live (longest chunk ${Math.round(result.longestChunkMs)} ms)`)
    }
  }
  catch (error) {
    console.warn('[neptun] retention sweep failed, trying again at the next interval:', error instanceof Error ? error.message : error)
  }
}
