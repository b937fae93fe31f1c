// npx tsx scripts/bench-routes.ts — figures, not a test: each project-chats route through real HTTP
// against the built server on a throwaway Postgres database, next to the same work done by the
// data layer without HTTP and by plain SQL over one pg connection (the floor). See docs/benchmarks.md.
import { performance } from 'node:perf_hooks'
import pg from 'pg'
import { isTransactionControl, openDatabase, type OpenDatabase } from '../server/database/client'
import { readConfig } from './bench/config'
import { explain } from './bench/database'
import { createThrowawayDatabase } from './throwaway-database'
import { TRIM_TAIL_SQL } from './bench/raw-sql'
import { register } from './bench/http'
import { deleteAndTrimBenches, listBenches, sessionBaseline, type BenchContext, type Call, type RouteBench, type StatementLog } from './bench/routes'
import { seed, vacuumAnalyze } from './bench/seed'
import { benchLifecycle } from './bench/lifecycle'
import { ensureBuilt, startServer } from './bench/server'
import { markdownTable, measure, ms, type Summary } from './bench/stats'

const COLUMNS = ['http', 'dataLayer', 'raw'] as const
type Column = typeof COLUMNS[number]
const COLUMN_LABEL: Record<Column, string> = { http: 'HTTP', dataLayer: 'data layer', raw: 'raw SQL' }

interface Measured { summary: Summary, statements: Set<number | undefined> }

const config = readConfig()
const { defer, run: runBench } = benchLifecycle('bench')

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`

async function run(call: Call, concurrency = 1): Promise<Measured> {
  const statements = new Set<number | undefined>()
  const summary = await measure(async (i) => {
    statements.add(await call(i))
  }, { iterations: config.iterations, warmup: config.warmup, concurrency, maxMs: config.maxMs })
  return { summary, statements }
}

const statementText = (measured: Measured | undefined) =>
  measured ? [...measured.statements].map(count => count ?? 'no header').join(' or ') : '–'

async function main() {
  const started = performance.now()
  console.info(`[bench] chats in the project ${config.chats}, other users' chats ${config.otherChats}, iterations ${config.iterations} (+${config.warmup} warm-up), concurrency ${config.concurrency}`)
  ensureBuilt()

  const name = `neptun_bench_${process.pid}`
  const database = await createThrowawayDatabase(config.adminUrl, name)
  defer(async () => {
    await database.drop()
    console.info(`[bench] dropped database ${name}`)
  })
  console.info(`[bench] created database ${name}`)

  const server = await startServer(database.url)
  defer(server.stop)
  console.info(`[bench] server on ${server.baseURL}, migrated (${seconds(started)})`)

  const session = await register(server.baseURL, `bench-${process.pid}@bench.invalid`, 'bench-password-1')
  const project = async (projectName: string) => {
    const answer = await session.expect(201, 'POST', `/api/users/${session.userId}/projects`, { name: projectName })
    return (JSON.parse(answer.body) as { project: { id: number } }).project.id
  }
  const projectId = await project('Bench measured')
  const scratchProjectId = await project('Bench scratch')

  const raw = new pg.Client({ connectionString: database.url })
  await raw.connect()
  defer(() => raw.end())

  const loading = performance.now()
  const perColumn = config.warmup + config.iterations
  const seeded = await seed(raw, config, { userId: session.userId, measuredProject: 'Bench measured', scratchProject: 'Bench scratch', singleDeletes: perColumn, batchDeletes: perColumn, columns: COLUMNS.length })
  const loaded = performance.now()
  await vacuumAnalyze(raw)
  console.info(`[bench] loaded in ${seconds(loading)} (VACUUM ANALYZE ${seconds(loaded)}): ${Object.entries(seeded.rows).map(([table, count]) => `${table} ${count}`).join(', ')}`)

  const log: StatementLog = { count: 0 }
  const open: OpenDatabase = await openDatabase({
    databaseUrl: database.url,
    logger: {
      logQuery(query, params) {
        if (isTransactionControl(query)) return
        log.count++
        log.last = { query, params }
      },
    },
  })
  defer(open.close)

  const ctx: BenchContext = { session, projectId, scratchProjectId, expectedChats: config.chats, db: open.db, log, raw, seeded }
  const results = new Map<string, Partial<Record<Column, Measured>>>()
  const measureRoute = async (bench: RouteBench) => {
    const row: Partial<Record<Column, Measured>> = {}
    results.set(bench.name, row)
    for (const column of COLUMNS) {
      const call = bench[column]
      if (!call) continue
      const measuring = performance.now()
      row[column] = await run(call)
      console.info(`[bench] ${bench.name} · ${COLUMN_LABEL[column]}: p50 ${ms(row[column].summary.p50)} ms, ${row[column].summary.count} calls (${seconds(measuring)})`)
    }
  }

  // Changes first, then fresh statistics: the deletes consume tens of thousands of the user's chats,
  // and the list is measured on the tables as they settle afterwards (as autovacuum would leave them).
  await measureRoute(sessionBaseline(session))
  for (const bench of deleteAndTrimBenches(ctx, config.batchSize)) await measureRoute(bench)
  const vacuuming = performance.now()
  await vacuumAnalyze(raw)
  console.info(`[bench] VACUUM ANALYZE after the deletes (${seconds(vacuuming)})`)

  const { benches: lists, queries } = await listBenches(ctx)
  for (const bench of lists) await measureRoute(bench)

  // Concurrent list requests: HTTP (one Node process serving) and the data layer (its pool) side by side.
  const [defaultList] = lists
  const concurrent: Partial<Record<Column, Measured>> = {}
  for (const column of ['http', 'dataLayer'] as const) {
    concurrent[column] = await run(defaultList![column]!, config.concurrency)
    console.info(`[bench] ${defaultList!.name} × ${config.concurrency} · ${COLUMN_LABEL[column]}: ${concurrent[column].summary.perSecond.toFixed(1)} req/s`)
  }

  console.info('\n## Summary (ms)\n')
  console.info(markdownTable(
    ['route', 'HTTP p50 / p95', 'data layer p50', 'raw SQL p50', 'statements (HTTP / data layer / raw)'],
    [...results].map(([route, row]) => [
      route,
      `${ms(row.http?.summary.p50)} / ${ms(row.http?.summary.p95)}`,
      ms(row.dataLayer?.summary.p50),
      ms(row.raw?.summary.p50),
      COLUMNS.map(column => statementText(row[column])).join(' / '),
    ]),
  ))

  const limit = config.maxMs ? ` or ${config.maxMs / 1000} s, whichever comes first` : ''
  console.info(`\n## Detail (ms; up to ${config.iterations} sequential calls${limit}, after ${config.warmup} warm-up; concurrent runs as marked)\n`)
  const detailRows: string[][] = []
  const detail = (route: string, column: Column, measured: Measured | undefined) => {
    if (!measured) return
    const { p50, p95, p99, mean, perSecond } = measured.summary
    detailRows.push([route, COLUMN_LABEL[column], String(measured.summary.count), ms(p50), ms(p95), ms(p99), ms(mean), perSecond.toFixed(1)])
  }
  for (const [route, row] of results) for (const column of COLUMNS) detail(route, column, row[column])
  for (const column of ['http', 'dataLayer'] as const) detail(`${defaultList!.name}, concurrency ${config.concurrency}`, column, concurrent[column])
  console.info(markdownTable(['route', 'column', 'calls', 'p50', 'p95', 'p99', 'mean', 'req/s'], detailRows))

  console.info('\n## EXPLAIN (ANALYZE, BUFFERS) of the list query (and of the trim\'s tail read)\n')
  for (const query of queries) {
    const plan = await explain(raw, query.sql, query.params)
    console.info(`${query.label}: HTTP body ${(query.bytes / 1024).toFixed(0)} KiB (${(query.bytes / Math.max(1, config.chats)).toFixed(0)} bytes per chat)`)
    console.info(`  planning ${plan.planningMs.toFixed(2)} ms, execution ${plan.executionMs.toFixed(2)} ms, ${plan.rows} rows, shared buffers hit ${plan.sharedHit} read ${plan.sharedRead}`)
    console.info(`  indexes used: ${plan.indexes.join(', ') || 'none'}; sequential scans: ${plan.seqScans.join(', ') || 'none'}`)
    console.info(plan.nodes.map(node => `    ${node}`).join('\n'))
  }
  const trimChat = seeded.trimChatIds[0]!
  const tail = await explain(raw, TRIM_TAIL_SQL, [trimChat])
  console.info(`\nDELETE …/messages/last, the tail read (chat ${trimChat}, ${config.trimMessages} messages before the run): planning ${tail.planningMs.toFixed(2)} ms, execution ${tail.executionMs.toFixed(2)} ms, ${tail.rows} rows, shared buffers hit ${tail.sharedHit} read ${tail.sharedRead}`)
  console.info(`  indexes used: ${tail.indexes.join(', ') || 'none'}; sequential scans: ${tail.seqScans.join(', ') || 'none'}`)
  console.info(tail.nodes.map(node => `    ${node}`).join('\n'))
  console.info(`\n  SQL (${queries[0]!.label}): ${queries[0]!.sql}\n  params: ${JSON.stringify(queries[0]!.params)}`)
  console.info(`\n[bench] done in ${seconds(started)}`)
}

await runBench(main)
