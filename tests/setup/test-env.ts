/** The database a test run uses: TEST_DATABASE_URL when set, an in-memory PGlite otherwise. */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined
/**
 * The same database reached straight, when TEST_DATABASE_URL is a transaction-mode pooler: the
 * servers the tests start LISTEN there (DATABASE_LISTEN_URL). Default TEST_DATABASE_URL.
 */
export const testDatabaseListenUrl = process.env.TEST_DATABASE_LISTEN_URL || testDatabaseUrl
export const testDriver = testDatabaseUrl ? 'postgres' : 'pglite'
export const TEST_SESSION_PASSWORD = 'test-session-password-that-is-at-least-32-chars'
