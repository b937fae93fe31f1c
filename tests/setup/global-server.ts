import type { TestProject } from 'vitest/node'
import pg from 'pg'
import { buildServer, isBuilt, startBuiltServer } from '../../scripts/built-server'
import { TEST_SESSION_PASSWORD, testDatabaseListenUrl, testDatabaseUrl, testDriver } from './test-env'

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string
  }
}

/** Every run starts from an empty database: on Postgres, drop everything the migrations made. */
async function resetPostgres(url: string) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query('DROP SCHEMA IF EXISTS drizzle CASCADE; DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;')
  }
  finally {
    await client.end()
  }
}

/** Builds once (NEPTUN_TEST_SKIP_BUILD=1 reuses an existing build) and serves every test file. */
export default async function setup(project: TestProject) {
  if (process.env.NEPTUN_TEST_SKIP_BUILD !== '1' || !isBuilt()) buildServer()
  if (testDatabaseUrl) await resetPostgres(testDatabaseUrl)
  const server = await startBuiltServer({
    NUXT_SESSION_PASSWORD: TEST_SESSION_PASSWORD,
    DATABASE_URL: testDatabaseUrl ?? '',
    DATABASE_LISTEN_URL: testDatabaseListenUrl ?? '',
    PGLITE_DATA_DIR: 'memory://',
    // Short, so deletes made in the browser go out soon; the undo test holds the page's clock instead.
    NUXT_PUBLIC_UNDO_DELAY_SECONDS: '1',
    // Every test signs its own users up from 127.0.0.1; tests/api/auth-rate-limit.test.ts starts a
    // server of its own with a low limit.
    NEPTUN_AUTH_RATE_LIMIT: '1000000',
  })
  console.info(`[tests] server at ${server.baseURL}, database: ${testDriver}`)
  project.provide('baseURL', server.baseURL)
  return server.stop
}
