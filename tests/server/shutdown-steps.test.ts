import { describe, expect, it } from 'vitest'
import { onShutdown, shutdownStepsSettled, startShutdown } from '#server/utils/shutdown'

// The list WebSockets (and anything else that must say goodbye) register into; the signal
// handling around it is tested on the built server (graceful-shutdown.test.ts).

describe('shutdown steps', () => {
  it('start synchronously, run once each, survive a failing step, and settle before the pool closes', async () => {
    const calls: string[] = []
    let finishSlow!: () => void
    onShutdown(() => {
      calls.push('close sockets with 1001')
    })
    onShutdown(() => {
      calls.push('failing step')
      throw new Error('this step fails')
    })
    onShutdown(() => new Promise<void>((resolve) => {
      calls.push('slow step')
      finishSlow = resolve
    }))
    const removed = onShutdown(() => {
      calls.push('removed step')
    })
    removed()

    const shutdown = startShutdown()
    expect(calls).toEqual(['close sockets with 1001', 'failing step', 'slow step'])
    expect(startShutdown()).toBe(shutdown)

    let settled = false
    void shutdownStepsSettled().then(() => {
      settled = true
    })
    await Promise.resolve()
    expect(settled).toBe(false)
    finishSlow()
    await shutdown
    await shutdownStepsSettled()
    expect(settled).toBe(true)
    expect(calls).toHaveLength(3)
  })
})
