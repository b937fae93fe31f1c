import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// One built server per run (tests/setup/global-server.ts); every test file talks to it over HTTP.
export default defineConfig({
  // The same aliases as Nuxt's, for the data layer and shared code imported in-process.
  resolve: {
    alias: {
      '#server': fileURLToPath(new URL('./server', import.meta.url)),
      '#shared': fileURLToPath(new URL('./shared', import.meta.url)),
    },
  },
  test: {
    globalSetup: ['tests/setup/global-server.ts'],
    setupFiles: ['tests/setup/http-agent.ts'],
    include: ['tests/**/*.test.ts'],
    testTimeout: 120_000,
    // expect.poll waits for a condition; its default of 1 s failed tests whose page was merely
    // slow on a busy machine. As long as a browser step may take (tests/browser/browser.ts).
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 180_000,
    // Browser tests share 2 cores with the server: one browser file at a time.
    fileParallelism: true,
    maxWorkers: 2,
  },
})
