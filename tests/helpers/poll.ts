/**
 * Re-checks `condition` until it holds, for conditions that change with time on another process
 * (a heartbeat expiring). Fails with the last value after `limitMs`; no fixed sleeps in tests.
 */
export async function pollUntil<T>(read: () => Promise<T>, condition: (value: T) => boolean, what: string, limitMs = 30_000): Promise<T> {
  const deadline = Date.now() + limitMs
  let value = await read()
  while (!condition(value)) {
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${limitMs} ms`)
    await new Promise(resolve => setTimeout(resolve, 100))
    value = await read()
  }
  return value
}
