import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseSettings, SETTING_VARIABLES, SettingsError } from '#server/settings'

const PASSWORD = 'a-session-password-of-32-chars!!'

/** The problems parseSettings reports for `env`; [] when it accepts it. */
function problemsOf(env: Record<string, string>, production = false): string[] {
  try {
    parseSettings(env, { production })
    return []
  }
  catch (error) {
    if (!(error instanceof SettingsError)) throw error
    return error.problems
  }
}

describe('parseSettings', () => {
  it('gives the documented defaults for an empty environment', () => {
    expect(parseSettings({})).toEqual({
      database: {
        databaseUrl: undefined,
        listenUrl: undefined,
        pgliteDir: '.data/pglite',
        poolSize: 10,
        connectTimeoutMs: 1000,
        statementTimeoutMs: 5000,
        lockTimeoutMs: 1000,
        poolTimeoutMs: 5000,
        migrationsDir: undefined,
      },
      sessionPassword: undefined,
      livePresenceTtlSeconds: 30,
      retentionSweepIntervalSeconds: 300,
      accountConcurrency: 5,
      apiKeyRateLimitPerMinute: 600,
      sudoWindowSeconds: 600,
      authRateLimit: { limit: 10, windowSeconds: 60 },
      trustedProxyHops: 0,
      publicOrigins: [],
      import: { maxBodyBytes: 32 * 1024 * 1024, maxUncompressedBytes: 128 * 1024 * 1024, maxFiles: 20_000 },
    })
  })

  it('takes an empty or blank variable as unset', () => {
    expect(parseSettings({ DATABASE_URL: '', DATABASE_POOL_SIZE: ' ', TRUST_PROXY: '' })).toEqual(parseSettings({}))
  })

  it('reads every variable it is given', () => {
    const settings = parseSettings({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/neptun',
      DATABASE_POOL_SIZE: '20',
      DATABASE_CONNECT_TIMEOUT_MS: '2000',
      DATABASE_LISTEN_URL: 'postgres://postgres@10.0.0.5:5432/neptun',
      DATABASE_STATEMENT_TIMEOUT_MS: '3000',
      DATABASE_LOCK_TIMEOUT_MS: '500',
      DATABASE_POOL_TIMEOUT_MS: '4000',
      PGLITE_DATA_DIR: 'memory://',
      MIGRATIONS_DIR: '/srv/drizzle',
      NUXT_SESSION_PASSWORD: PASSWORD,
      LIVE_PRESENCE_TTL_SECONDS: '9',
      RETENTION_SWEEP_INTERVAL_SECONDS: '60',
      ACCOUNT_CONCURRENCY: '3',
      API_KEY_RATE_LIMIT_PER_MINUTE: '5',
      SUDO_WINDOW_SECONDS: '60',
      NEPTUN_AUTH_RATE_LIMIT: '3',
      NEPTUN_AUTH_RATE_WINDOW: '3600',
      TRUST_PROXY: '2',
      NEPTUN_PUBLIC_ORIGIN: 'https://chats.example.com/, http://localhost:3000',
      NUXT_SESSION_COOKIE_SECURE: 'false',
      NUXT_PUBLIC_UNDO_DELAY_SECONDS: '0',
      NITRO_SHUTDOWN_TIMEOUT: '10000',
      PORT: '0',
      HOST: '127.0.0.1',
      IMPORT_MAX_BYTES: '1048576',
      IMPORT_MAX_UNCOMPRESSED_BYTES: '4194304',
      IMPORT_MAX_FILES: '50',
    }, { production: true })
    expect(settings).toEqual({
      database: {
        databaseUrl: 'postgres://postgres@127.0.0.1:5432/neptun',
        listenUrl: 'postgres://postgres@10.0.0.5:5432/neptun',
        pgliteDir: 'memory://',
        poolSize: 20,
        connectTimeoutMs: 2000,
        statementTimeoutMs: 3000,
        lockTimeoutMs: 500,
        poolTimeoutMs: 4000,
        migrationsDir: '/srv/drizzle',
      },
      sessionPassword: PASSWORD,
      livePresenceTtlSeconds: 9,
      retentionSweepIntervalSeconds: 60,
      accountConcurrency: 3,
      apiKeyRateLimitPerMinute: 5,
      sudoWindowSeconds: 60,
      authRateLimit: { limit: 3, windowSeconds: 3600 },
      trustedProxyHops: 2,
      publicOrigins: ['https://chats.example.com', 'http://localhost:3000'],
      import: { maxBodyBytes: 1048576, maxUncompressedBytes: 4194304, maxFiles: 50 },
    })
  })

  it('is frozen all the way down', () => {
    const settings = parseSettings({ NEPTUN_PUBLIC_ORIGIN: 'https://chats.example.com' })
    expect(Object.isFrozen(settings)).toBe(true)
    expect(Object.isFrozen(settings.database)).toBe(true)
    expect(Object.isFrozen(settings.authRateLimit)).toBe(true)
    expect(Object.isFrozen(settings.publicOrigins)).toBe(true)
    expect(Object.isFrozen(settings.import)).toBe(true)
  })

  it.each([
    ['DATABASE_URL', 'mysql://root@localhost/neptun', 'must be a postgres:// or postgresql:// connection string'],
    ['DATABASE_URL', 'not a url', 'must be a postgres:// or postgresql:// connection string'],
    ['DATABASE_POOL_SIZE', '0', 'must be a positive integer'],
    ['DATABASE_CONNECT_TIMEOUT_MS', '1s', 'must be a positive number of milliseconds'],
    ['DATABASE_STATEMENT_TIMEOUT_MS', '-1', 'must be a positive number of milliseconds'],
    ['DATABASE_POOL_TIMEOUT_MS', '2.5', 'must be a positive number of milliseconds'],
    ['LIVE_PRESENCE_TTL_SECONDS', '0', 'must be a positive number of seconds'],
    ['RETENTION_SWEEP_INTERVAL_SECONDS', '0', 'must be a positive number of seconds'],
    ['API_KEY_RATE_LIMIT_PER_MINUTE', 'lots', 'must be a positive integer'],
    ['SUDO_WINDOW_SECONDS', '0', 'must be a positive number of seconds'],
    ['NEPTUN_AUTH_RATE_LIMIT', '1e3', 'must be a positive integer'],
    ['NEPTUN_AUTH_RATE_WINDOW', '01', 'must be a positive number of seconds'],
    ['TRUST_PROXY', '-1', 'must be 0 or the number of your proxies'],
    ['TRUST_PROXY', 'true', 'must be 0 or the number of your proxies'],
    ['NEPTUN_PUBLIC_ORIGIN', 'https://chats.example.com, chats.example.com', 'must be comma-separated origins such as https://chats.example.com'],
    ['NEPTUN_PUBLIC_ORIGIN', 'ftp://chats.example.com', 'must be comma-separated origins such as https://chats.example.com'],
    ['NUXT_SESSION_COOKIE_SECURE', 'no', 'must be true or false'],
    ['NUXT_PUBLIC_UNDO_DELAY_SECONDS', '-1', 'must be a number of seconds, 0 or more'],
    ['NITRO_SHUTDOWN_TIMEOUT', '30s', 'must be a positive number of milliseconds'],
    ['PORT', '65536', 'must be a port number (0 to 65535)'],
    ['PORT', 'http', 'must be a port number (0 to 65535)'],
    ['IMPORT_MAX_BYTES', '32MB', 'must be a positive number of bytes'],
    ['IMPORT_MAX_FILES', '0', 'must be a positive integer'],
  ])('refuses %s=%s, naming the variable', (name, value, rule) => {
    expect(problemsOf({ [name]: value })).toEqual([`${name} ${rule}`])
  })

  it('names every wrong variable at once, and never repeats a value (it may be a secret)', () => {
    const problems = problemsOf({ DATABASE_URL: 'mysql://root:hunter2@db/neptun', TRUST_PROXY: 'x', DATABASE_POOL_SIZE: '10' })
    expect(problems).toEqual([
      'DATABASE_URL must be a postgres:// or postgresql:// connection string',
      'TRUST_PROXY must be 0 or the number of your proxies',
    ])
    expect(problems.join()).not.toContain('hunter2')
  })

  it('requires a session password of 32 characters in production only', () => {
    const rule = 'NUXT_SESSION_PASSWORD must be set to at least 32 characters in production'
    expect(problemsOf({}, true)).toEqual([rule])
    expect(problemsOf({ NUXT_SESSION_PASSWORD: PASSWORD.slice(1) }, true)).toEqual([rule])
    expect(problemsOf({ NUXT_SESSION_PASSWORD: PASSWORD }, true)).toEqual([])
    expect(problemsOf({ NUXT_SESSION_PASSWORD: 'short' })).toEqual([])
  })
})

describe('the documented variables', () => {
  const root = resolve(import.meta.dirname, '../..')
  const readme = readFileSync(resolve(root, 'README.md'), 'utf8')
  const configuration = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1))
  const inReadme = configuration.split('\n').filter(line => line.startsWith('| `'))
    .flatMap(line => [...line.split('|')[1]!.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map(match => match[1]!))
  const inEnvExample = [...readFileSync(resolve(root, '.env.example'), 'utf8').matchAll(/^#? ?([A-Z][A-Z0-9_]*)=/gm)].map(match => match[1]!)
  // The test suite's own variables are documented with the others; the server does not read them
  // (NUXT_BUILD_DIR is nuxt.config.ts's, set by the test that runs `nuxt dev`).
  const read = [...SETTING_VARIABLES, 'TEST_DATABASE_URL', 'TEST_DATABASE_LISTEN_URL', 'NUXT_BUILD_DIR']

  it('are the ones the server reads, in the README and in .env.example alike', () => {
    expect(new Set(inReadme).size).toBe(inReadme.length)
    expect(new Set(inEnvExample).size).toBe(inEnvExample.length)
    expect([...inReadme].sort()).toEqual([...read].sort())
    expect([...inEnvExample].sort()).toEqual([...read].sort())
  })
})
