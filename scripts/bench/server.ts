import { buildServer, isBuilt, serverEntry, startBuiltServer, type RunningServer } from '../built-server'

/** Builds the server when there is no build (or BENCH_BUILD=1): otherwise it measures whatever `.output` holds. */
export function ensureBuilt(): void {
  if (isBuilt() && process.env.BENCH_BUILD !== '1') {
    console.info(`[bench] using the existing build ${serverEntry} (run \`npx nuxt build\` first to measure fresh code)`)
    return
  }
  console.info(isBuilt() ? '[bench] BENCH_BUILD=1: running `npx nuxt build` first' : '[bench] .output/server/index.mjs is missing: running `npx nuxt build` first')
  buildServer()
}

export function startServer(databaseUrl: string, nodeArgs: string[] = []): Promise<RunningServer> {
  // The benchmark signs many users up from one address: no sign-up limit in the way.
  return startBuiltServer({ NUXT_SESSION_PASSWORD: 'bench-session-password-that-is-at-least-32-chars', DATABASE_URL: databaseUrl, NEPTUN_AUTH_RATE_LIMIT: '1000000' }, { nodeArgs })
}
