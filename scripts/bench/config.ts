// Settings of scripts/bench-routes.ts, all from the environment so larger runs need no edit.

function intFromEnv(name: string, fallback: number, min = 0): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isSafeInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min}, got "${raw}"`)
  return value
}

export interface BenchConfig {
  /** Chats of the measured user linked into the measured project (what GET list returns). */
  chats: number
  /** Chats of other users, in their own projects: they share the tables and indexes. */
  otherChats: number
  /** Chats per other user. */
  otherChatsPerUser: number
  /** Messages per chat for the share of chats that have messages. */
  messagesPerChat: number
  /** 1 in `messageEvery` chats has messages (the measured project's and the other users'). */
  messageEvery: number
  /** Messages of each chat the trim benchmark trims (one chat per measured column). */
  trimMessages: number
  /** Messages of each chat the delete benchmarks delete. */
  deleteChatMessages: number
  /** Chats per batch delete request. */
  batchSize: number
  /** Timed requests per route and column. */
  iterations: number
  /** Untimed requests before them. */
  warmup: number
  /** Time limit of the timed calls of one route and column, in ms (0: none); the figures say how many ran. */
  maxMs: number
  /** Parallel clients of the concurrent GET list run. */
  concurrency: number
  /** Connection to an existing database of the Postgres server, used only to create and drop ours. */
  adminUrl: string
}

export function readConfig(): BenchConfig {
  const iterations = intFromEnv('BENCH_ITERATIONS', 200, 1)
  const warmup = intFromEnv('BENCH_WARMUP', 10)
  return {
    chats: intFromEnv('BENCH_CHATS', 20_000),
    otherChats: intFromEnv('BENCH_OTHER_CHATS', 100_000),
    otherChatsPerUser: intFromEnv('BENCH_OTHER_CHATS_PER_USER', 100, 1),
    messagesPerChat: intFromEnv('BENCH_MESSAGES_PER_CHAT', 20),
    messageEvery: intFromEnv('BENCH_MESSAGE_EVERY', 10, 1),
    // Each timed or warm-up trim removes one exchange (2 messages); keep at least 10000 as asked.
    trimMessages: Math.max(intFromEnv('BENCH_TRIM_MESSAGES', 10_000), 2 * (iterations + warmup) + 2),
    deleteChatMessages: intFromEnv('BENCH_DELETE_CHAT_MESSAGES', 4),
    batchSize: intFromEnv('BENCH_BATCH_SIZE', 100, 1),
    iterations,
    warmup,
    maxMs: 1000 * intFromEnv('BENCH_MAX_SECONDS', 8),
    concurrency: intFromEnv('BENCH_CONCURRENCY', 8, 1),
    adminUrl: process.env.BENCH_ADMIN_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
  }
}
