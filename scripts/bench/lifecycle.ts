/**
 * What a benchmark script starts (servers, databases, browsers) and must stop whatever happens:
 * `defer` a clean-up step; `run` runs main, reports a failure (exit code 1) and then the steps,
 * newest first, once, each even when an earlier one fails. Ctrl-C runs them too.
 */
export function benchLifecycle(label: string) {
  const steps: (() => Promise<unknown>)[] = []
  let cleaning: Promise<void> | undefined
  const cleanUp = (): Promise<void> => cleaning ??= (async () => {
    for (const step of steps.splice(0).reverse()) {
      try {
        await step()
      }
      catch (error) {
        console.error(`[${label}] clean-up step failed:`, error)
      }
    }
  })()
  process.once('SIGINT', () => {
    console.error(`\n[${label}] interrupted: cleaning up`)
    void cleanUp().finally(() => process.exit(130))
  })
  return {
    defer(step: () => Promise<unknown>) {
      steps.push(step)
    },
    async run(main: () => Promise<void>) {
      try {
        await main()
      }
      catch (error) {
        console.error(`[${label}] failed:`, error)
        process.exitCode = 1
      }
      finally {
        await cleanUp()
      }
    },
  }
}
