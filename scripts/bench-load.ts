// npm run bench [-- --quick] — throughput under load: the built server and a floor server
// (node:http + one pg Pool, the same SQL, no framework) on one throwaway Postgres database, each
// scenario driven by autocannon in a separate process. Figures, not a test. See docs/benchmarks.md.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import pg from 'pg'
import { explain } from './bench/database'
import { createThrowawayDatabase } from './throwaway-database'
import { register } from './bench/http'
import { capturedStatement, LIST_SHAPES } from './bench/list-sql'
import type { LoadJob, LoadResult } from './bench/load-generator'
import { insertChats, vacuumAnalyze, type IdRange } from './bench/seed'
import { benchLifecycle } from './bench/lifecycle'
import { ensureBuilt, startServer } from './bench/server'
import { markdownTable, measure, ms } from './bench/stats'
import { openDatabase } from '../server/database/client'
import { listProjectChatsJson } from '../server/database/queries/project-chats-list'

const quick = process.argv.includes('--quick')
const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback)
const config = {
  seconds: num('BENCH_LOAD_SECONDS', quick ? 2 : 10),
  warmupSeconds: num('BENCH_LOAD_WARMUP', quick ? 1 : 3),
  connections: num('BENCH_LOAD_CONNECTIONS', 16),
  bigChats: num('BENCH_LOAD_BIG_CHATS', quick ? 2_000 : 100_000),
  trimChats: quick ? 100 : 300,
  trimMessages: 200,
  // The delete scenarios run until their stock is used (a tenth warms up): sized for ~10 s of the app.
  singleDeletes: num('BENCH_LOAD_SINGLE_DELETES', quick ? 1_000 : 5_000),
  batches: num('BENCH_LOAD_BATCHES', quick ? 60 : 150),
  adminUrl: process.env.BENCH_ADMIN_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
  /** A directory: the app server runs with `node --cpu-prof` and writes its profile there. */
  cpuProfileDir: process.env.BENCH_CPU_PROF,
  // BENCH_LOAD_ONLY: a regular expression; only the scenarios whose names match run.
}
const BATCH = 1000
const TARGETS = ['app', 'floor'] as const
type Target = typeof TARGETS[number]

const { defer, run: runBench } = benchLifecycle('bench')

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  server.close()
  return port
}

const tsxArgs = (file: string, ...args: string[]) => ['--import', 'tsx', resolve(import.meta.dirname, file), ...args]

async function startFloor(url: string): Promise<{ baseURL: string, pid: number, stop: () => Promise<void> }> {
  const port = await freePort()
  const child = spawn(process.execPath, tsxArgs('bench/floor-server.ts', url, String(port)), { stdio: ['ignore', 'pipe', 'inherit'] })
  await new Promise<void>((ready, fail) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('[floor] listening') && ready())
    child.once('exit', code => fail(new Error(`floor server exited with ${code}`)))
  })
  return {
    baseURL: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode !== null) return
      child.kill('SIGTERM')
      await once(child, 'exit')
    },
  }
}

async function load(job: LoadJob): Promise<LoadResult> {
  const child = spawn(process.execPath, tsxArgs('bench/load-generator.ts', JSON.stringify(job)), { stdio: ['ignore', 'pipe', 'inherit'] })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const [code] = await once(child, 'exit')
  if (code !== 0) throw new Error(`load generator exited with ${code}`)
  return JSON.parse(output.trim().split('\n').at(-1)!) as LoadResult
}

/** Resident memory of a process in MB: now and at its peak. */
function memoryOf(pid: number): string {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN)
  return `${(kb('VmRSS') / 1024).toFixed(0)} MB (peak ${(kb('VmHWM') / 1024).toFixed(0)} MB)`
}

async function main() {
  const started = performance.now()
  console.info(`[bench] load mode${quick ? ' (--quick)' : ''}: ${config.connections} connections, ${config.warmupSeconds} s warm-up + ${config.seconds} s per scenario and server; big project ${config.bigChats} chats`)
  ensureBuilt()
  const name = `neptun_bench_${process.pid}`
  const database = await createThrowawayDatabase(config.adminUrl, name)
  defer(database.drop)
  const nodeArgs = config.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${config.cpuProfileDir}`] : []
  const app = await startServer(database.url, nodeArgs)
  defer(app.stop)
  const session = await register(app.baseURL, `bench-${process.pid}@bench.invalid`, 'bench-password-1')
  const userId = session.userId

  const raw = new pg.Client({ connectionString: database.url })
  await raw.connect()
  defer(() => raw.end())
  const projects: Record<string, number> = {}
  for (const project of ['List 50', 'List 1000', 'Big', 'Scratch']) {
    const { rows } = await raw.query<{ id: number }>('INSERT INTO neptun_user_project (neptun_user_id, name) VALUES ($1, $2) RETURNING id', [userId, project])
    projects[project] = rows[0]!.id
  }
  await raw.query('SET session_replication_role = replica')
  const chats = (count: number, projectName: string, messagesPerChat = 0, prefix = 'Chat'): Promise<IdRange> => insertChats(raw, {
    source: 'SELECT $1::int AS user_id, n FROM generate_series(1, $2::int) n', params: [userId, count], prefix, projectName, messagesPerChat, messageEvery: messagesPerChat ? 1 : 10,
  })
  await chats(50, 'List 50', 4)
  await chats(1000, 'List 1000', 4)
  await chats(config.bigChats, 'Big')
  const stock: Record<Target, { trim: IdRange, single: IdRange, batch: IdRange }> = {} as never
  for (const target of TARGETS) {
    stock[target] = {
      trim: await chats(config.trimChats, 'Scratch', config.trimMessages, 'Trim'),
      single: await chats(config.singleDeletes, 'Scratch', 2, 'Delete'),
      batch: await chats(config.batches * BATCH, 'Scratch', 0, 'Batch'),
    }
  }
  await raw.query('RESET session_replication_role')
  await vacuumAnalyze(raw)
  console.info(`[bench] seeded (${((performance.now() - started) / 1000).toFixed(1)} s)`)

  const floor = await startFloor(database.url)
  defer(floor.stop)

  const base = `/api/users/${userId}`
  const scenarios: { name: string, job: (target: Target) => Omit<LoadJob, 'url' | 'connections' | 'warmupSeconds' | 'seconds'> }[] = [
    { name: 'GET /api/auth/session', job: () => ({ method: 'GET', path: '/api/auth/session' }) },
    { name: 'GET list, 50 chats', job: () => ({ method: 'GET', path: `${base}/projects/${projects['List 50']}/chats` }) },
    { name: 'GET list, 1,000 chats', job: () => ({ method: 'GET', path: `${base}/projects/${projects['List 1000']}/chats` }) },
    { name: `GET ?limit=50 of ${config.bigChats.toLocaleString('en')}`, job: () => ({ method: 'GET', path: `${base}/projects/${projects.Big}/chats?limit=50` }) },
    { name: 'DELETE …/messages/last (trim)', job: t => ({ method: 'DELETE', path: `${base}/chats/{id}/messages/last`, ids: { first: stock[t].trim.first, count: stock[t].trim.count, cycle: true } }) },
    { name: 'DELETE one chat', job: t => ({ method: 'DELETE', path: `${base}/projects/${projects.Scratch}/chats/{id}`, ids: { first: stock[t].single.first, count: stock[t].single.count } }) },
    { name: `DELETE batch of ${BATCH}`, job: t => ({ method: 'DELETE', path: `${base}/projects/${projects.Scratch}/chats`, ids: { first: stock[t].batch.first, count: stock[t].batch.count, batch: BATCH } }) },
    { name: 'GET /api/nope (404)', job: () => ({ method: 'GET', path: '/api/nope', status: 404 }) },
  ]
  if (process.env.BENCH_LOAD_PAUSE) {
    console.info(`[bench] paused: app ${app.baseURL}, floor ${floor.baseURL}, cookie ${session.cookie}, user ${userId}, projects ${JSON.stringify(projects)}`)
    await new Promise(resolve => setTimeout(resolve, Number(process.env.BENCH_LOAD_PAUSE) * 1000))
  }
  const results: { name: string, app: LoadResult, floor: LoadResult }[] = []
  const only = process.env.BENCH_LOAD_ONLY ? new RegExp(process.env.BENCH_LOAD_ONLY, 'i') : undefined
  for (const scenario of scenarios.filter(({ name }) => !only || only.test(name))) {
    const row = {} as Record<Target, LoadResult>
    for (const target of TARGETS) {
      row[target] = await load({
        ...scenario.job(target),
        url: target === 'app' ? app.baseURL : floor.baseURL,
        cookie: session.cookie,
        connections: config.connections,
        warmupSeconds: config.warmupSeconds,
        seconds: config.seconds,
      })
    }
    results.push({ name: scenario.name, ...row })
    console.info(`[bench] ${scenario.name}: app ${row.app.perSecond.toFixed(0)} req/s, floor ${row.floor.perSecond.toFixed(0)} req/s`)
  }
  const appMemory = memoryOf(app.pid)
  const floorMemory = memoryOf(floor.pid)

  const flag = (result: LoadResult) => String(result.errors)
  console.info(`\n## Load: ${config.connections} connections, ${config.seconds} s per scenario after ${config.warmupSeconds} s warm-up\n`)
  console.info(markdownTable(
    ['scenario', 'app req/s', 'app p50 / p99 ms', 'app errors', 'floor req/s', 'floor p50 / p99 ms', 'floor errors', 'app / floor', 'seconds app / floor'],
    results.map(({ name, app: a, floor: f }) => [
      name, a.perSecond.toFixed(0), `${ms(a.p50)} / ${ms(a.p99)}`, flag(a), f.perSecond.toFixed(0), `${ms(f.p50)} / ${ms(f.p99)}`, flag(f), `${(a.perSecond / f.perSecond).toFixed(2)}×`,
      `${a.seconds.toFixed(1)} / ${f.seconds.toFixed(1)}${a.byStock ? ' (stock)' : ''}`,
    ]),
  ))
  const rate = (scenario: string) => results.find(result => result.name.startsWith(scenario))?.app.perSecond ?? Number.NaN
  console.info(`\n404 / GET /api/auth/session (app): ${(rate('GET /api/nope') / rate('GET /api/auth/session')).toFixed(2)}×`)
  console.info(`server RSS after the run: app ${appMemory}, floor ${floorMemory}`)

  console.info(`\n## EXPLAIN (ANALYZE, BUFFERS) on the ${config.bigChats}-chat project\n`)
  for (const [label, shape] of Object.entries(LIST_SHAPES)) {
    const statement = capturedStatement(shape)
    const plan = await explain(raw, statement.sql, statement.params(userId, projects.Big!))
    console.info(`${label}: planning ${plan.planningMs.toFixed(2)} ms, execution ${plan.executionMs.toFixed(2)} ms, shared buffers hit ${plan.sharedHit} read ${plan.sharedRead}`)
    console.info(plan.nodes.map(node => `    ${node}`).join('\n'))
  }
  // The data-layer target: the app's query function in this process (drizzle + pg, no HTTP), sequential.
  const open = await openDatabase({ databaseUrl: database.url })
  defer(open.close)
  const owner = { id: userId, sessionVersion: 1 }
  const measurePageOf50 = async (when: string) => {
    const pageOf50 = await measure(async () => {
      const result = await listProjectChatsJson(open.db, owner, projects.Big!, LIST_SHAPES.page50)
      if (result.kind !== 'page') throw new Error(`page of 50: ${result.kind}`)
    }, { iterations: 500, warmup: 50 })
    console.info(`\ndata layer, page of 50 of ${config.bigChats} (default order, session checked in the statement), ${when}, ${pageOf50.count} sequential calls: p50 ${ms(pageOf50.p50)} ms, p95 ${ms(pageOf50.p95)} ms, p99 ${ms(pageOf50.p99)} ms`)
  }
  // Right after the delete scenarios the indexes still hold their dead entries, which the planner
  // walks when it reads an index's end values; autovacuum clears them within a minute or so. Both
  // states are printed: what a client sees straight after a mass delete, and once vacuumed.
  await measurePageOf50('straight after the run')
  await vacuumAnalyze(raw)
  await measurePageOf50('after VACUUM (ANALYZE)')
  console.info(`\n[bench] done in ${((performance.now() - started) / 1000).toFixed(0)} s`)
}

await runBench(main)
