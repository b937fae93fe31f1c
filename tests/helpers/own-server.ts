import { startBuiltServer, type RunningServer, type StartOptions } from '../../scripts/built-server'
import { TEST_SESSION_PASSWORD, testDatabaseListenUrl, testDatabaseUrl } from '../setup/test-env'

/**
 * A second built server on the run's database, for settings the shared one must not have (a low
 * sign-in limit, a proxy in front, a public origin). Tests keep to their own users and addresses.
 */
export function startOwnServer(env: Record<string, string>, options?: StartOptions): Promise<RunningServer> {
  return startBuiltServer({
    NUXT_SESSION_PASSWORD: TEST_SESSION_PASSWORD,
    DATABASE_URL: testDatabaseUrl ?? '',
    DATABASE_LISTEN_URL: testDatabaseListenUrl ?? '',
    PGLITE_DATA_DIR: 'memory://',
    // On a shared Postgres the sign-in counts of 127.0.0.1 are the shared server's too.
    NEPTUN_AUTH_RATE_LIMIT: '1000000',
    ...env,
  }, options)
}
