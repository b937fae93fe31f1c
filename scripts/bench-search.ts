// npm run bench:search — search at scale (docs/benchmarks.md, "Search"): one account with
// BENCH_SEARCH_CHATS (100,000; --quick 5,000) chats of 10 messages drawn from a DevOps vocabulary,
// in a throwaway Postgres database. For each query (two words, a prefix while typing, a code token,
// a phrase with an exclusion) it times a page of 50 through the built server (cookie route,
// sequential requests) and the same statement on raw `pg` (captured from the app's query module),
// p50/p95/p99. Then the cost of inserting a message with the search index maintained, next to the
// same insert after dropping the search indexes. Figures, not a test.
import { PgDialect } from 'drizzle-orm/pg-core'
import type { SQL } from 'drizzle-orm'
import { performance } from 'node:perf_hooks'
import pg from 'pg'
import type { DbOrTx } from '../server/database/client'
import { listProjectChatsJson } from '../server/database/queries/project-chats-list'
import { DEFAULT_SEARCH_ORDER } from '../shared/utils/order-by'
import { parseSearchQuery } from '../shared/utils/search-query'
import { register } from './bench/http'
import { ensureBuilt, startServer } from './bench/server'
import { vacuumAnalyze } from './bench/seed'
import { createThrowawayDatabase } from './throwaway-database'

const quick = process.argv.includes('--quick')
const chats = Number(process.env.BENCH_SEARCH_CHATS ?? (quick ? 5_000 : 100_000))
const repeats = Number(process.env.BENCH_SEARCH_REPEATS ?? (quick ? 30 : 200))
const adminUrl = process.env.BENCH_ADMIN_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres'

const QUERIES = {
  'two words': 'jenkins pipeline',
  'prefix while typing': 'crashlo',
  'code token': 'values.yaml',
  'phrase, minus a word': '"liveness probe" -ingress',
}

/** Words of the generated messages: common ones, rarer ones and code-like tokens. */
const VOCABULARY = [
  'pod', 'restart', 'deployment', 'service', 'node', 'cluster', 'namespace', 'config', 'map', 'secret',
  'kubectl', 'describe', 'logs', 'events', 'helm', 'chart', 'upgrade', 'rollback', 'terraform', 'plan',
  'apply', 'state', 'lock', 'module', 'provider', 'aws', 'gcp', 'azure', 'bucket', 'iam', 'role', 'policy',
  'docker', 'image', 'build', 'cache', 'layer', 'registry', 'tag', 'push', 'pull', 'jenkins', 'pipeline',
  'stage', 'agent', 'github', 'actions', 'workflow', 'runner', 'artifact', 'prometheus', 'grafana', 'alert',
  'metric', 'latency', 'p99', 'memory', 'cpu', 'throttling', 'oom', 'killed', 'liveness', 'readiness', 'probe',
  'ingress', 'nginx', 'certificate', 'tls', 'dns', 'timeout', 'retry', 'backoff', 'CrashLoopBackOff',
  'ImagePullBackOff', 'kube-proxy', 'values.yaml', 'Dockerfile', '502', '503', '10.0.3.17', 'postgres',
  'replica', 'failover', 'backup', 'vacuum', 'index', 'redis', 'eviction', 'kafka', 'consumer', 'lag',
]

/**
 * Chats with 10 messages each, every message 12 words picked by a hash of (chat, message, position)
 * from the vocabulary and 5,000 service names after it, skewed like real text (the word at rank k
 * comes up about k^-3/4 as often as the first): common words are everywhere, the rarer DevOps words
 * in a few percent of the chats.
 */
async function seed(client: pg.Client, userId: number, projectId: number): Promise<void> {
  await client.query('SET session_replication_role = replica')
  await client.query(`
    WITH ins AS (
      INSERT INTO chat_conversation (neptun_user_id, name, model, created_at, updated_at)
      SELECT $1, 'chat ' || n || ' ' || ($3::text[])[1 + abs(hashint4(n)) % cardinality($3::text[])], 'm',
        now() - n * interval '1 minute', now() - n * interval '1 minute'
      FROM generate_series(1, $2::int) n RETURNING id
    )
    INSERT INTO project_chat_conversation (project_id, chat_conversation_id) SELECT $4, id FROM ins`,
  [userId, chats, VOCABULARY, projectId])
  await client.query(`
    INSERT INTO chat_conversation_message (chat_conversation_id, neptun_user_id, actor, message, created_at, updated_at)
    SELECT c.id, $1, (CASE WHEN m % 2 = 1 THEN 'user' ELSE 'assistant' END)::chat_conversation_message_actor,
      (SELECT string_agg(v.words[1 + floor(cardinality(v.words) * power(abs(hashint4(c.id * 1000 + m * 20 + w))::float8 / 2147483648, 4))::int], ' ')
       FROM generate_series(1, 12) w),
      c.created_at + m * interval '1 second', c.created_at + m * interval '1 second'
    FROM (SELECT $2::text[] || ARRAY(SELECT 'svc-' || k FROM generate_series(1, 5000) k) AS words) v,
      chat_conversation c CROSS JOIN generate_series(1, 10) m
    WHERE c.neptun_user_id = $1`, [userId, VOCABULARY])
  await client.query('SET session_replication_role = DEFAULT')
}

/** The statement the app sends for a page of 50 of `q` (relevance order), with its parameters. */
function capturedSearch(userId: number, projectId: number, q: string): { sql: string, params: unknown[] } {
  const parsed = parseSearchQuery(q)
  if (!parsed.ok) throw new Error(`bad query ${q}`)
  let captured: { sql: string, params: unknown[] } | undefined
  const recorder = { execute: async (query: SQL) => {
    captured = new PgDialect().sqlToQuery(query)
    return { rows: [] }
  } } as unknown as DbOrTx
  void listProjectChatsJson(recorder, userId, projectId, { order: DEFAULT_SEARCH_ORDER, page: { limit: 50 }, search: { query: parsed.query, filters: {} } })
  if (!captured) throw new Error('the search sent nothing')
  return captured
}

function percentiles(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
  return `${at(50).toFixed(1)} / ${at(95).toFixed(1)} / ${at(99).toFixed(1)}`
}

async function timed(times: number, run: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 3; i++) await run()
  const samples: number[] = []
  for (let i = 0; i < times; i++) {
    const started = performance.now()
    await run()
    samples.push(performance.now() - started)
  }
  return samples
}

async function insertCost(client: pg.Client, userId: number, chatIds: number[]): Promise<number[]> {
  let i = 0
  return timed(repeats, () => client.query(
    `INSERT INTO chat_conversation_message (chat_conversation_id, neptun_user_id, actor, message) VALUES ($1, $2, 'user', $3)`,
    [chatIds[i++ % chatIds.length], userId, 'kubectl rollout restart deployment api after the config map changed: pods stuck in CrashLoopBackOff'],
  ))
}

async function main() {
  ensureBuilt()
  const database = await createThrowawayDatabase(adminUrl, `neptun_bench_search_${process.pid}`)
  const server = await startServer(database.url)
  const client = new pg.Client({ connectionString: database.url })
  try {
    await client.connect()
    const session = await register(server.baseURL, 'search@bench.test', 'correct horse battery staple')
    const project = JSON.parse((await session.expect(201, 'POST', `/api/users/${session.userId}/projects`, { name: 'Search' })).body).project as { id: number }
    const seeded = performance.now()
    await seed(client, session.userId, project.id)
    await vacuumAnalyze(client)
    console.info(`[bench] seeded ${chats.toLocaleString('en')} chats, ${(chats * 10).toLocaleString('en')} messages (indexes maintained) in ${((performance.now() - seeded) / 1000).toFixed(1)} s`)

    console.info(`\n| query (page of 50, ${repeats} requests each) | matching chats | app p50 / p95 / p99 ms | raw pg p50 / p95 / p99 ms |`)
    console.info('| --- | --- | --- | --- |')
    for (const [name, q] of Object.entries(QUERIES)) {
      const path = `/api/users/${session.userId}/projects/${project.id}/chats?limit=50&q=${encodeURIComponent(q)}`
      const count = JSON.parse((await session.expect(200, 'GET', `/api/users/${session.userId}/projects/${project.id}/chats/count?q=${encodeURIComponent(q)}`)).body) as { count: number }
      const app = await timed(repeats, () => session.expect(200, 'GET', path))
      const statement = capturedSearch(session.userId, project.id, q)
      const raw = await timed(repeats, () => client.query(statement.sql, statement.params))
      console.info(`| ${name}: \`${q}\` | ${count.count.toLocaleString('en')} | ${percentiles(app)} | ${percentiles(raw)} |`)
    }

    const chatIds = (await client.query<{ id: number }>('SELECT id FROM chat_conversation WHERE neptun_user_id = $1 ORDER BY id LIMIT 1000', [session.userId])).rows.map(row => row.id)
    const withIndex = await insertCost(client, session.userId, chatIds)
    await client.query('DROP INDEX chat_conversation_message_search_idx')
    const without = await insertCost(client, session.userId, chatIds)
    const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!
    console.info(`\n| one message INSERT (${repeats} each) | p50 / p95 / p99 ms |`)
    console.info('| --- | --- |')
    console.info(`| with the search index | ${percentiles(withIndex)} |`)
    console.info(`| without it (dropped) | ${percentiles(without)} |`)
    console.info(`| median cost of the index | ${(((median(withIndex) / median(without)) - 1) * 100).toFixed(0)} % |`)
  }
  finally {
    await client.end().catch(() => {})
    await server.stop()
    await database.drop()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
