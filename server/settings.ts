import { z } from 'zod'

// Every environment variable the server reads is read here, once, and checked: a value its
// variable does not allow stops the start with a message naming the variable
// (server/plugins/0.settings.ts) instead of running with a limit nobody chose. Everything else
// asks useSettings(). The README's "Configuration" table and .env.example list the same variables
// (tests/server/settings.test.ts compares the three).

/** The database defaults; openDatabase() uses them too when a caller (a test, a script) leaves one out. */
export const DATABASE_DEFAULTS = {
  poolSize: 10,
  connectTimeoutMs: 1000,
  statementTimeoutMs: 5000,
  lockTimeoutMs: 1000,
  poolTimeoutMs: 5000,
  pgliteDir: '.data/pglite',
} as const

export interface DatabaseSettings {
  /** postgres://… (node-postgres); undefined: the embedded PGlite. */
  databaseUrl?: string
  /** The live listener's LISTEN connection: straight to Postgres when DATABASE_URL is a transaction-mode pooler. */
  listenUrl?: string
  /** PGlite's data directory, or memory:// for a throwaway database. */
  pgliteDir: string
  poolSize: number
  connectTimeoutMs: number
  statementTimeoutMs: number
  lockTimeoutMs: number
  poolTimeoutMs: number
  /** undefined: drizzle/ found beside the running code. */
  migrationsDir?: string
}

export interface Settings {
  database: Readonly<DatabaseSettings>
  /** NUXT_SESSION_PASSWORD as given; like nuxt-auth-utils, the session falls back to runtimeConfig.session.password. */
  sessionPassword?: string
  livePresenceTtlSeconds: number
  /** How often an instance tries to run the retention sweep (only the lease holder runs it). */
  retentionSweepIntervalSeconds: number
  /** API requests one account may run at once on this instance (more wait their turn, then 429). */
  accountConcurrency: number
  apiKeyRateLimitPerMinute: number
  /** How long after the last password entry (sign-in, sign-up, password change, re-entry) making an API key needs no password. */
  sudoWindowSeconds: number
  authRateLimit: Readonly<{ limit: number, windowSeconds: number }>
  /** TRUST_PROXY: how many proxies of ours append to X-Forwarded-For (0: trust none). */
  trustedProxyHops: number
  /** NEPTUN_PUBLIC_ORIGIN's origins (`https://host[:port]`); empty: the request's own Host is the site. */
  publicOrigins: readonly string[]
  /** An import's limits (server/import): its body, what its ZIP may unpack to, and its file count. */
  import: Readonly<ImportLimits>
}

export interface ImportLimits {
  maxBodyBytes: number
  maxUncompressedBytes: number
  maxFiles: number
}

export const IMPORT_DEFAULTS: ImportLimits = {
  maxBodyBytes: 32 * 1024 * 1024,
  maxUncompressedBytes: 128 * 1024 * 1024,
  maxFiles: 20_000,
}

/** Unset and empty (or blank) are the same: the default. */
const setting = <T extends z.ZodType>(schema: T) =>
  z.preprocess(raw => typeof raw === 'string' && raw.trim() === '' ? undefined : raw, schema.optional())

const positiveInteger = (what = 'a positive integer') =>
  z.string().regex(/^[1-9]\d{0,8}$/, `must be ${what}`).transform(Number)

const POSTGRES_URL = 'must be a postgres:// or postgresql:// connection string'
const ORIGINS = 'must be comma-separated origins such as https://chats.example.com'

function httpOrigin(entry: string): string | undefined {
  const url = URL.canParse(entry) ? new URL(entry) : undefined
  return url && (url.protocol === 'https:' || url.protocol === 'http:') ? url.origin : undefined
}

const variables = z.object({
  DATABASE_URL: setting(z.string().refine(url => URL.canParse(url) && /^postgres(ql)?:$/.test(new URL(url).protocol), POSTGRES_URL)),
  DATABASE_LISTEN_URL: setting(z.string().refine(url => URL.canParse(url) && /^postgres(ql)?:$/.test(new URL(url).protocol), POSTGRES_URL)),
  DATABASE_POOL_SIZE: setting(positiveInteger()),
  DATABASE_CONNECT_TIMEOUT_MS: setting(positiveInteger('a positive number of milliseconds')),
  DATABASE_STATEMENT_TIMEOUT_MS: setting(positiveInteger('a positive number of milliseconds')),
  DATABASE_LOCK_TIMEOUT_MS: setting(positiveInteger('a positive number of milliseconds')),
  DATABASE_POOL_TIMEOUT_MS: setting(positiveInteger('a positive number of milliseconds')),
  PGLITE_DATA_DIR: setting(z.string()),
  MIGRATIONS_DIR: setting(z.string()),
  NUXT_SESSION_PASSWORD: setting(z.string()),
  LIVE_PRESENCE_TTL_SECONDS: setting(positiveInteger('a positive number of seconds')),
  RETENTION_SWEEP_INTERVAL_SECONDS: setting(positiveInteger('a positive number of seconds')),
  ACCOUNT_CONCURRENCY: setting(positiveInteger()),
  API_KEY_RATE_LIMIT_PER_MINUTE: setting(positiveInteger()),
  SUDO_WINDOW_SECONDS: setting(positiveInteger('a positive number of seconds')),
  NEPTUN_AUTH_RATE_LIMIT: setting(positiveInteger()),
  NEPTUN_AUTH_RATE_WINDOW: setting(positiveInteger('a positive number of seconds')),
  TRUST_PROXY: setting(z.string().regex(/^\d{1,2}$/, 'must be 0 or the number of your proxies').transform(Number)),
  NEPTUN_PUBLIC_ORIGIN: setting(z.string()
    .transform(list => list.split(',').map(entry => entry.trim()).filter(Boolean))
    .refine(entries => entries.every(entry => httpOrigin(entry) !== undefined), ORIGINS)
    .transform(entries => [...new Set(entries.map(entry => httpOrigin(entry)!))])),
  // Read by Nuxt (runtimeConfig) and Nitro themselves; checked here so that a typo stops the start too.
  NUXT_SESSION_COOKIE_SECURE: setting(z.enum(['true', 'false'], 'must be true or false')),
  NUXT_PUBLIC_UNDO_DELAY_SECONDS: setting(z.string().regex(/^\d{1,4}(\.\d+)?$/, 'must be a number of seconds, 0 or more')),
  NITRO_SHUTDOWN_TIMEOUT: setting(positiveInteger('a positive number of milliseconds')),
  PORT: setting(z.string().refine(port => /^\d{1,5}$/.test(port) && Number(port) <= 65535, 'must be a port number (0 to 65535)')),
  HOST: setting(z.string()),
  IMPORT_MAX_BYTES: setting(positiveInteger('a positive number of bytes')),
  IMPORT_MAX_UNCOMPRESSED_BYTES: setting(positiveInteger('a positive number of bytes')),
  IMPORT_MAX_FILES: setting(positiveInteger()),
})

/** Every variable the server reads (the README and .env.example list these and TEST_DATABASE_URL). */
export const SETTING_VARIABLES = Object.keys(variables.shape) as readonly (keyof typeof variables.shape)[]

/** A setting the server cannot run with; `problems` name each variable ("TRUST_PROXY must be …"). */
export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('. '))
    this.name = 'SettingsError'
  }
}

export interface ParseOptions {
  /** Production requires NUXT_SESSION_PASSWORD of at least 32 characters. */
  production?: boolean
}

/** The settings `env` describes, frozen; throws a SettingsError naming every variable that is wrong. */
export function parseSettings(env: Record<string, string | undefined>, { production = false }: ParseOptions = {}): Settings {
  const parsed = variables.safeParse(env)
  const problems = parsed.success ? [] : parsed.error.issues.map(issue => `${String(issue.path[0])} ${issue.message}`)
  if (production && (env.NUXT_SESSION_PASSWORD ?? '').length < 32) {
    problems.push('NUXT_SESSION_PASSWORD must be set to at least 32 characters in production')
  }
  if (!parsed.success || problems.length) throw new SettingsError(problems)
  const v = parsed.data
  const poolSize = v.DATABASE_POOL_SIZE ?? DATABASE_DEFAULTS.poolSize
  return Object.freeze({
    database: Object.freeze({
      databaseUrl: v.DATABASE_URL,
      listenUrl: v.DATABASE_LISTEN_URL ?? v.DATABASE_URL,
      pgliteDir: v.PGLITE_DATA_DIR ?? DATABASE_DEFAULTS.pgliteDir,
      poolSize,
      connectTimeoutMs: v.DATABASE_CONNECT_TIMEOUT_MS ?? DATABASE_DEFAULTS.connectTimeoutMs,
      statementTimeoutMs: v.DATABASE_STATEMENT_TIMEOUT_MS ?? DATABASE_DEFAULTS.statementTimeoutMs,
      lockTimeoutMs: v.DATABASE_LOCK_TIMEOUT_MS ?? DATABASE_DEFAULTS.lockTimeoutMs,
      poolTimeoutMs: v.DATABASE_POOL_TIMEOUT_MS ?? DATABASE_DEFAULTS.poolTimeoutMs,
      migrationsDir: v.MIGRATIONS_DIR,
    }),
    sessionPassword: v.NUXT_SESSION_PASSWORD,
    livePresenceTtlSeconds: v.LIVE_PRESENCE_TTL_SECONDS ?? 30,
    retentionSweepIntervalSeconds: v.RETENTION_SWEEP_INTERVAL_SECONDS ?? 300,
    accountConcurrency: v.ACCOUNT_CONCURRENCY ?? Math.ceil(poolSize / 2),
    apiKeyRateLimitPerMinute: v.API_KEY_RATE_LIMIT_PER_MINUTE ?? 600,
    sudoWindowSeconds: v.SUDO_WINDOW_SECONDS ?? 600,
    authRateLimit: Object.freeze({ limit: v.NEPTUN_AUTH_RATE_LIMIT ?? 10, windowSeconds: v.NEPTUN_AUTH_RATE_WINDOW ?? 60 }),
    trustedProxyHops: v.TRUST_PROXY ?? 0,
    publicOrigins: Object.freeze(v.NEPTUN_PUBLIC_ORIGIN ?? []),
    import: Object.freeze({
      maxBodyBytes: v.IMPORT_MAX_BYTES ?? IMPORT_DEFAULTS.maxBodyBytes,
      maxUncompressedBytes: v.IMPORT_MAX_UNCOMPRESSED_BYTES ?? IMPORT_DEFAULTS.maxUncompressedBytes,
      maxFiles: v.IMPORT_MAX_FILES ?? IMPORT_DEFAULTS.maxFiles,
    }),
  })
}

let settings: Settings | undefined

/** The server's settings, read from the environment on first use and the same object after. */
export function useSettings(): Settings {
  return (settings ??= parseSettings(process.env, { production: !import.meta.dev }))
}
