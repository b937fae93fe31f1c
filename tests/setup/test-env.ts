/** The database a test run uses: TEST_DATABASE_URL when set, an in-memory PGlite otherwise. */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined
export const testDriver = testDatabaseUrl ? 'postgres' : 'pglite'
export const TEST_SESSION_PASSWORD = 'test-session-password-that-is-at-least-32-chars'
