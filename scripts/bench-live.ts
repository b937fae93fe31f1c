// npm run bench:live — live sockets at scale (docs/benchmarks.md, "Live sockets"): BENCH_LIVE_SOCKETS
// (5,000; --quick 500) sockets on one built server, then split over two servers sharing one
// throwaway Postgres database. For each layout it prints handshakes per second, memory per idle
// socket (the servers' RSS growth), a delete's answer time with no socket open and with all of them
// open, the time from a delete's request to the first, median and last socket's `chat.deleted`
// (p50/p99 over BENCH_LIVE_ROUNDS deletes), and the database's transactions per second while idle,
// with no socket and with every socket on a chat (the presence heartbeat must stay one statement a
// tick whatever the count). Figures, not a test.
import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import pg from 'pg'
import WebSocket from 'ws'
import type { RunningServer } from './built-server'
import { register, type Session } from './bench/http'
import { ensureBuilt } from './bench/server'
import { insertChats } from './bench/seed'
import { startBuiltServer } from './built-server'
import { createThrowawayDatabase } from './throwaway-database'

const quick = process.argv.includes('--quick')
const socketCount = Number(process.env.BENCH_LIVE_SOCKETS ?? (quick ? 500 : 5_000))
const rounds = Number(process.env.BENCH_LIVE_ROUNDS ?? (quick ? 10 : 30))
const inFlight = 50
const adminUrl = process.env.BENCH_ADMIN_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres'
/** A heartbeat every TTL/3 = 1 s, so a few seconds of idle show several ticks. */
const ttlSeconds = 3

const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1])
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
}
const ms = (value: number) => `${value.toFixed(0)} ms`

interface Client { ws: WebSocket, deletedAt: Map<number, number> }

function open(url: string, cookie: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { cookie } })
    const client: Client = { ws, deletedAt: new Map() }
    ws.on('message', (data) => {
      const event = JSON.parse(String(data)) as { type: string, chat_id: number }
      if (event.type === 'chat.deleted') client.deletedAt.set(event.chat_id, performance.now())
    })
    ws.once('open', () => resolve(client))
    ws.once('error', reject)
    ws.once('unexpected-response', (_request, response) => reject(new Error(`handshake answered ${response.statusCode}`)))
  })
}

/** Opens `count` sockets to `urls` round-robin, `inFlight` handshakes at a time; handshakes per second. */
async function openMany(urls: string[], cookie: string, count: number): Promise<{ clients: Client[], perSecond: number }> {
  const clients: Client[] = []
  const started = performance.now()
  let next = 0
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (next < count) {
      const index = next++
      clients.push(await open(urls[index % urls.length]!, cookie))
    }
  }))
  return { clients, perSecond: count / ((performance.now() - started) / 1000) }
}

async function closeAll(clients: Client[]): Promise<void> {
  await Promise.all(clients.map(client => new Promise<void>((resolve) => {
    if (client.ws.readyState === WebSocket.CLOSED) return resolve()
    client.ws.once('close', () => resolve())
    client.ws.close()
  })))
}

/** Deletes chats one after another; for each, its answer time and how long after it sockets heard. */
async function deleteRounds(session: Session, projectId: number, chatIds: number[], clients: Client[]) {
  const answers: number[] = []
  const first: number[] = []
  const median: number[] = []
  const last: number[] = []
  for (const chatId of chatIds) {
    const sent = performance.now()
    await session.expect(200, 'DELETE', `/api/users/${session.userId}/projects/${projectId}/chats/${chatId}`)
    const answered = performance.now()
    answers.push(answered - sent)
    if (clients.length === 0) continue
    // Wait for every socket to hear it (a condition, with a generous limit so a lost event shows as an error).
    const deadline = answered + 30_000
    while (clients.some(client => !client.deletedAt.has(chatId))) {
      if (performance.now() > deadline) throw new Error(`chat ${chatId}: ${clients.filter(client => !client.deletedAt.has(chatId)).length} sockets never heard chat.deleted`)
      await new Promise(resolve => setTimeout(resolve, 5))
    }
    // From the request's start: the commit is somewhere before the answer, and sockets often hear it first.
    const delays = clients.map(client => client.deletedAt.get(chatId)! - sent)
    first.push(Math.min(...delays))
    median.push(percentile(delays, 50))
    last.push(Math.max(...delays))
  }
  return { answers, first, median, last }
}

async function transactionsPerSecond(client: pg.Client, seconds: number): Promise<number> {
  const read = async () => Number((await client.query<{ n: string }>('SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()')).rows[0]!.n)
  await client.query('SELECT pg_stat_clear_snapshot()')
  const before = await read()
  await new Promise(resolve => setTimeout(resolve, seconds * 1000))
  await client.query('SELECT pg_stat_clear_snapshot()')
  // The two reads are transactions of their own: take them out.
  return (await read() - before - 2) / seconds
}

async function layout(name: string, servers: RunningServer[], session: Session, projectId: number, chatIds: number[], db: pg.Client) {
  const wsUrl = (server: RunningServer, path: string) => `${server.baseURL.replace('http', 'ws')}${path}`
  const userUrls = servers.map(server => wsUrl(server, `/api/users/${session.userId}/live`))
  const baseline = await deleteRounds(session, projectId, chatIds.splice(0, rounds), [])
  const idleNone = await transactionsPerSecond(db, 5)

  const rssBefore = servers.map(server => rssKb(server.pid))
  const { clients, perSecond } = await openMany(userUrls, session.cookie, socketCount)
  await new Promise(resolve => setTimeout(resolve, 2000)) // let the handshakes' garbage settle before reading memory
  const rssAfter = servers.map(server => rssKb(server.pid))
  const perSocketKb = (rssAfter.reduce((a, b) => a + b, 0) - rssBefore.reduce((a, b) => a + b, 0)) / socketCount
  const loaded = await deleteRounds(session, projectId, chatIds.splice(0, rounds), clients)
  await closeAll(clients)

  // The same count of chat sockets (each writes a presence row that the heartbeat refreshes).
  const [chatUuid] = (await db.query<{ uuid: string }>('SELECT uuid FROM chat_conversation WHERE id = $1', [chatIds.pop()])).rows.map(row => row.uuid)
  const chatSockets = await openMany(servers.map(server => wsUrl(server, `/api/v1/chats/${chatUuid}/live`)), session.cookie, socketCount)
  const idleAll = await transactionsPerSecond(db, 5)
  await closeAll(chatSockets.clients)

  console.info(`\n| ${name}: ${socketCount.toLocaleString('en')} sockets | value |`)
  console.info('| --- | --- |')
  console.info(`| handshakes per second (user sockets / chat sockets, ${inFlight} in flight) | ${perSecond.toFixed(0)} / ${chatSockets.perSecond.toFixed(0)} |`)
  console.info(`| memory per idle socket (RSS growth / sockets) | ${perSocketKb.toFixed(1)} KB |`)
  console.info(`| delete answer p50 / p99, no socket open | ${ms(percentile(baseline.answers, 50))} / ${ms(percentile(baseline.answers, 99))} |`)
  console.info(`| delete answer p50 / p99, every socket open | ${ms(percentile(loaded.answers, 50))} / ${ms(percentile(loaded.answers, 99))} |`)
  console.info(`| delete sent → first socket's chat.deleted, p50 / p99 | ${ms(percentile(loaded.first, 50))} / ${ms(percentile(loaded.first, 99))} |`)
  console.info(`| delete sent → median socket's chat.deleted, p50 / p99 | ${ms(percentile(loaded.median, 50))} / ${ms(percentile(loaded.median, 99))} |`)
  console.info(`| delete sent → last socket's chat.deleted, p50 / p99 | ${ms(percentile(loaded.last, 50))} / ${ms(percentile(loaded.last, 99))} |`)
  console.info(`| database transactions per second while idle: no socket / ${socketCount.toLocaleString('en')} chat sockets | ${idleNone.toFixed(1)} / ${idleAll.toFixed(1)} |`)
}

async function main() {
  ensureBuilt()
  const database = await createThrowawayDatabase(adminUrl, `neptun_bench_live_${process.pid}`)
  const env = { NUXT_SESSION_PASSWORD: 'bench-session-password-that-is-at-least-32-chars', DATABASE_URL: database.url, NEPTUN_AUTH_RATE_LIMIT: '1000000', LIVE_PRESENCE_TTL_SECONDS: String(ttlSeconds) }
  const servers: RunningServer[] = [await startBuiltServer(env)]
  const db = new pg.Client({ connectionString: database.url })
  try {
    await db.connect()
    const session = await register(servers[0]!.baseURL, 'live@bench.test', 'correct horse battery staple')
    const project = JSON.parse((await session.expect(201, 'POST', `/api/users/${session.userId}/projects`, { name: 'Live' })).body).project as { id: number }
    const range = await insertChats(db, { source: 'SELECT $1::int AS user_id, n FROM generate_series(1, $2::int) n', params: [session.userId, 4 * rounds + 2], prefix: 'live', projectName: 'Live', messagesPerChat: 2, messageEvery: 1 })
    const chatIds = Array.from({ length: range.count }, (_, i) => range.first + i)
    console.info(`[bench] ${socketCount} sockets, ${rounds} deletes per measurement, presence TTL ${ttlSeconds} s`)
    await layout('one server', servers, session, project.id, chatIds, db)
    servers.push(await startBuiltServer(env))
    await layout('two servers on one database (half the sockets each; deletes sent to the first)', servers, session, project.id, chatIds, db)
  }
  finally {
    await db.end().catch(() => {})
    await Promise.all(servers.map(server => server.stop()))
    await database.drop()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
