import { readFileSync } from 'node:fs'
import autocannon from 'autocannon'
import pg from 'pg'
import { buildServer, isBuilt, startBuiltServer, type RunningServer } from './built-server'
import { createThrowawayDatabase } from './throwaway-database'
import { SoakMix, type SoakUser } from './soak/mix'
import { fingerprintUser, seedUser, type SeedShape } from './soak/seed'

// A bounded soak on loopback: the built server on a throwaway Postgres database, autocannon with
// many connections sending a mix of reads, batch and single deletes, trims and cross-user attempts
// from several users. It fails (exit 1) on any 5xx, socket error or timeout, any answer other than
// the expected one, any cross-user effect, any difference between what the answers reported and
// what the database holds, or (full run) an RSS at the end more than 10 % above the RSS after warm-up.
//
//   npm run soak                 60 s, 100 connections (after a 10 s warm-up)
//   npm run soak -- --quick      10 s, 100 connections (after a 3 s warm-up): CI
//
// SOAK_SECONDS, SOAK_WARMUP_SECONDS, SOAK_CONNECTIONS override; SOAK_ADMIN_DATABASE_URL names the
// server where the database `neptun_soak_<pid>` is created and dropped (postgres@127.0.0.1:5432).

const quick = process.argv.includes('--quick')
const seconds = Number(process.env.SOAK_SECONDS) || (quick ? 10 : 60)
const warmupSeconds = Number(process.env.SOAK_WARMUP_SECONDS) || (quick ? 3 : 10)
const connections = Number(process.env.SOAK_CONNECTIONS) || 100
const USERS = 6
const SHAPE: SeedShape = quick
  ? { projectsPerUser: 4, chatsPerProject: 400, messagesPerChat: 4, trimChats: 20, messagesPerTrimChat: 200 }
  : { projectsPerUser: 10, chatsPerProject: 600, messagesPerChat: 4, trimChats: 40, messagesPerTrimChat: 400 }
const RSS_TOLERANCE = 0.10
const adminUrl = process.env.SOAK_ADMIN_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres'
const databaseName = `neptun_soak_${process.pid}`

function rssOf(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  if (!match) throw new Error(`no VmRSS for ${pid}`)
  return Number(match[1]) * 1024
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

async function signUpUser(baseURL: string, index: number): Promise<{ id: number, cookie: string }> {
  const response = await fetch(`${baseURL}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `soak-${index}-${process.pid}@example.test`, password: 'correct horse battery' }),
  })
  if (response.status !== 201) throw new Error(`sign-up failed: ${response.status} ${await response.text()}`)
  const cookie = response.headers.getSetCookie().find(c => c.startsWith('neptun-session='))!.split(';')[0]!
  return { id: ((await response.json()) as { user: { id: number } }).user.id, cookie }
}

function run(url: string, mix: SoakMix, duration: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon({
      url,
      connections,
      duration,
      timeout: 10,
      requests: [{
        // One connection's requests are sequential, so its context holds the action of the answer.
        setupRequest: (request, context: { action?: ReturnType<SoakMix['next']> }) => {
          context.action = mix.next()
          return { ...request, ...context.action.request }
        },
        onResponse: (status, body, context: { action?: ReturnType<SoakMix['next']> }) => {
          if (context.action) mix.record(context.action, status, body)
        },
      }],
    }, (error, result) => error ? reject(error) : resolve(result))
    process.once('SIGINT', () => instance.stop())
  })
}

async function main(): Promise<number> {
  if (!isBuilt()) buildServer()
  const database = await createThrowawayDatabase(adminUrl, databaseName)
  let server: RunningServer | undefined
  const db = new pg.Client({ connectionString: database.url })
  try {
    server = await startBuiltServer({ NUXT_SESSION_PASSWORD: 'soak-session-password-that-is-at-least-32-chars', DATABASE_URL: database.url, NEPTUN_AUTH_RATE_LIMIT: '1000000' })
    await db.connect()
    const seedStart = performance.now()
    const users: SoakUser[] = []
    for (let i = 0; i < USERS; i++) {
      const { id, cookie } = await signUpUser(server.baseURL, i)
      users.push({ id, cookie, data: await seedUser(db, id, SHAPE) })
    }
    const bystander = await signUpUser(server.baseURL, USERS)
    const bystanderData = await seedUser(db, bystander.id, { ...SHAPE, projectsPerUser: 2 })
    // The bystander never acts, but everybody attacks its chats.
    const mix = new SoakMix(users, [{ ...bystander, data: bystanderData }])
    const bystanderBefore = await fingerprintUser(db, bystander.id)
    await db.query('VACUUM ANALYZE')
    console.info(`[soak] ${USERS} users × ${SHAPE.projectsPerUser} projects × ${SHAPE.chatsPerProject} chats + ${SHAPE.trimChats} chats to trim, seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`)

    const pid = server.child.pid!
    console.info(`[soak] warm-up ${warmupSeconds} s, ${connections} connections; RSS at start ${mb(rssOf(pid))}`)
    const warmup = await run(server.baseURL, mix, warmupSeconds)
    const rssWarm = rssOf(pid)
    console.info(`[soak] soak ${seconds} s, ${connections} connections; RSS after warm-up ${mb(rssWarm)}`)
    const result = await run(server.baseURL, mix, seconds)
    const rssEnd = rssOf(pid)

    // What the answers said must be what the database holds; requests cut off by the deadline
    // (sent, never read) may have been carried out, but only wholly.
    const problems: string[] = []
    const unknown = [...mix.inFlight]
    for (const user of users) {
      const seeded = [...user.data.deletable.values()].flat()
      const { rows } = await db.query<{ id: number }>('SELECT id FROM chat_conversation WHERE id = ANY($1::int4[])', [seeded])
      const left = new Set(rows.map(row => row.id))
      const reported = mix.deletedBy.get(user.id)!
      const cutOff = unknown.filter(action => action.user.id === user.id && action.chatIds)
      for (const action of cutOff) {
        const goneOfBatch = action.chatIds!.filter(id => !left.has(id)).length
        if (goneOfBatch !== 0 && goneOfBatch !== action.chatIds!.length) problems.push(`a batch cut off by the deadline is half applied: ${goneOfBatch} of ${action.chatIds!.length}`)
        if (goneOfBatch > 0) for (const id of action.chatIds!) reported.add(id)
      }
      const gone = seeded.filter(id => !left.has(id))
      if (gone.length !== reported.size || gone.some(id => !reported.has(id))) {
        problems.push(`user ${user.id}: ${gone.length} chats gone, ${reported.size} deletes answered 200 (or cut off and applied)`)
      }
      for (const [chatId, initial] of user.data.trimmable) {
        const { rows: [count] } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM chat_conversation_message WHERE chat_conversation_id = $1', [chatId])
        const expected = initial - (mix.trimmedFrom.get(chatId) ?? 0)
        // A trim removes one or two messages (an exchange) here: every chat ends with an assistant message.
        const slack = 2 * unknown.filter(action => action.trimChatId === chatId).length
        if (count!.n > expected || count!.n < expected - slack) problems.push(`chat ${chatId}: ${count!.n} messages, ${expected} expected from the trims' answers (${slack / 2} cut off)`)
      }
    }
    const orphans = await db.query<{ n: number }>(`SELECT
      (SELECT count(*) FROM chat_conversation_message m WHERE NOT EXISTS (SELECT 1 FROM chat_conversation c WHERE c.id = m.chat_conversation_id))
      + (SELECT count(*) FROM project_chat_conversation l WHERE NOT EXISTS (SELECT 1 FROM chat_conversation c WHERE c.id = l.chat_conversation_id)) AS n`)
    if (Number(orphans.rows[0]!.n) !== 0) problems.push(`${orphans.rows[0]!.n} messages or links without their chat`)
    if (await fingerprintUser(db, bystander.id) !== bystanderBefore) problems.push('the bystander\'s data changed')
    if (mix.crossUserSuccesses > 0) problems.push(`${mix.crossUserSuccesses} cross-user requests answered 2xx`)
    for (const phase of [warmup, result]) {
      if (phase['5xx'] > 0) problems.push(`${phase['5xx']} answers 5xx`)
      if (phase.errors > 0 || phase.timeouts > 0) problems.push(`${phase.errors} socket errors, ${phase.timeouts} timeouts`)
    }
    if (mix.unexpectedCount > 0) problems.push(`${mix.unexpectedCount} unexpected answers, the first:\n  ${mix.unexpected.join('\n  ')}`)
    const growth = (rssEnd - rssWarm) / rssWarm
    // The heap takes longer than the quick run's 3 s warm-up to reach its working size (it grew
    // 10–15 % in quick runs, 4 % over the full 60 s): the quick run reports RSS, the full run checks it.
    if (!quick && growth > RSS_TOLERANCE) problems.push(`RSS grew ${(growth * 100).toFixed(1)} % (limit ${RSS_TOLERANCE * 100} %)`)

    const statuses = Object.entries(result.statusCodeStats ?? {}).map(([status, { count }]) => `${status}×${count}`).join(' ')
    const byKind = [...mix.counts].sort(([a], [b]) => a.localeCompare(b)).map(([key, n]) => `${key}×${n}`).join(', ')
    console.info([
      `[soak] ${result.requests.total} requests in ${result.duration} s: ${result.requests.average} req/s average (warm-up: ${warmup.requests.total})`,
      `[soak] latency ms p50 ${result.latency.p50}, p90 ${result.latency.p90}, p99 ${result.latency.p99}, max ${result.latency.max}`,
      `[soak] statuses ${statuses}; 5xx ${result['5xx']}; errors ${result.errors}; timeouts ${result.timeouts}`,
      `[soak] by kind (warm-up and soak): ${byKind}`,
      `[soak] requests cut off by the deadline (sent, answer not read): ${unknown.length}`,
      `[soak] chats deleted ${[...mix.deletedBy.values()].reduce((n, set) => n + set.size, 0)}, messages trimmed ${[...mix.trimmedFrom.values()].reduce((a, b) => a + b, 0)}, cross-user 2xx ${mix.crossUserSuccesses}`,
      `[soak] RSS after warm-up ${mb(rssWarm)}, at the end ${mb(rssEnd)} (${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)} %${quick ? ', not checked in --quick' : ''})`,
    ].join('\n'))
    if (problems.length > 0) {
      console.error(`[soak] FAILED:\n- ${problems.join('\n- ')}`)
      return 1
    }
    console.info(`[soak] passed: no 5xx, no errors, no cross-user effect, the database matches the answers${quick ? '' : ', RSS within 10 %'}`)
    return 0
  }
  finally {
    await db.end().catch(() => {})
    await server?.stop()
    await database.drop()
  }
}

main().then(code => process.exit(code), (error: unknown) => {
  console.error('[soak] error:', error)
  process.exit(1)
})
