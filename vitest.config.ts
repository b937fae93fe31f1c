import { defineConfig } from 'vitest/config'

// One built server per run (tests/setup/global-server.ts); every test file talks to it over HTTP.
export default defineConfig({
  test: {
    globalSetup: ['tests/setup/global-server.ts'],
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Browser tests share 2 cores with the server: one browser file at a time.
    fileParallelism: true,
    maxWorkers: 2,
  },
})
