// npm run bench:sweep — the retention sweep on a large project (docs/benchmarks.md, "Retention
// sweep"): BENCH_SWEEP_CHATS (100,000; --quick 5,000) chats of 10 messages, all 40 days old, one in
// a hundred kept, in a throwaway Postgres database; then a 30-day policy on the project and the
// built server sweeping every second. Prints the time from the policy to the last chunk, chats per
// second, the chunks and the longest one (the longest time a chunk's transaction held its locks),
// and the receipts written. Figures, not a test.
import { performance } from 'node:perf_hooks'
import pg from 'pg'
import { register } from './bench/http'
import { ensureBuilt } from './bench/server'
import { insertChats, vacuumAnalyze } from './bench/seed'
import { startBuiltServer } from './built-server'
import { createThrowawayDatabase } from './throwaway-database'

const quick = process.argv.includes('--quick')
const chats = Number(process.env.BENCH_SWEEP_CHATS ?? (quick ? 5_000 : 100_000))
const adminUrl = process.env.BENCH_ADMIN_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres'

async function main() {
  ensureBuilt()
  const database = await createThrowawayDatabase(adminUrl, `neptun_bench_sweep_${process.pid}`)
  const server = await startBuiltServer({
    NUXT_SESSION_PASSWORD: 'bench-session-password-that-is-at-least-32-chars',
    DATABASE_URL: database.url,
    NEPTUN_AUTH_RATE_LIMIT: '1000000',
    RETENTION_SWEEP_INTERVAL_SECONDS: '1',
  }, { echoErrors: true })
  const db = new pg.Client({ connectionString: database.url })
  try {
    await db.connect()
    const session = await register(server.baseURL, 'sweep@bench.test', 'correct horse battery staple')
    const project = JSON.parse((await session.expect(201, 'POST', `/api/users/${session.userId}/projects`, { name: 'Sweep' })).body).project as { id: number }
    const seeded = performance.now()
    await insertChats(db, { source: 'SELECT $1::int AS user_id, n FROM generate_series(1, $2::int) n', params: [session.userId, chats], prefix: 'sweep', projectName: 'Sweep', messagesPerChat: 10, messageEvery: 1 })
    await db.query(`UPDATE chat_conversation SET updated_at = now() - interval '40 days', kept = (id % 100 = 0) WHERE neptun_user_id = $1`, [session.userId])
    await vacuumAnalyze(db)
    const kept = Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM chat_conversation WHERE kept AND neptun_user_id = $1', [session.userId])).rows[0]!.n)
    console.info(`[bench] seeded ${chats.toLocaleString('en')} chats (${kept} kept), ${(chats * 10).toLocaleString('en')} messages in ${((performance.now() - seeded) / 1000).toFixed(1)} s`)

    const started = performance.now()
    await session.expect(200, 'PUT', `/api/users/${session.userId}/projects/${project.id}/retention`, { days: 30 })
    const remaining = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM chat_conversation WHERE neptun_user_id = $1', [session.userId])).rows[0]!.n)
    const deadline = started + 30 * 60_000
    while (await remaining() > kept) {
      if (performance.now() > deadline) throw new Error('the sweep did not finish within 30 minutes')
      await new Promise(resolve => setTimeout(resolve, 200))
    }
    const seconds = (performance.now() - started) / 1000
    // A sweep logs its figures just after its last chunk commits: wait for the lines that add up.
    const logged = () => [...server.output().matchAll(/retention sweep [\w-]+: deleted (\d+) chats in (\d+) chunks, skipped \d+ open live \(longest chunk (\d+) ms\)/g)]
    while (logged().reduce((n, run) => n + Number(run[1]), 0) < chats - kept) {
      if (performance.now() > deadline) throw new Error('the sweep\'s log lines never added up')
      await new Promise(resolve => setTimeout(resolve, 100))
    }
    const runs = logged()
    const receipts = (await db.query<{ n: string, chats: string, messages: string }>(`
      SELECT count(*) AS n, coalesce(sum(chats_deleted), 0) AS chats, coalesce(sum(messages_deleted), 0) AS messages
      FROM deletion_receipts WHERE neptun_user_id = $1 AND actor = 'retention'`, [session.userId])).rows[0]!
    console.info(`\n| retention sweep of ${(chats - kept).toLocaleString('en')} chats (${kept} kept, exempt) | value |`)
    console.info('| --- | --- |')
    console.info(`| policy saved → last chunk committed | ${seconds.toFixed(1)} s (includes up to 1 s until the next sweep) |`)
    console.info(`| chats per second | ${Math.round((chats - kept) / seconds).toLocaleString('en')} |`)
    console.info(`| sweeps / chunks | ${runs.length} / ${runs.reduce((n, run) => n + Number(run[2]), 0)} |`)
    console.info(`| longest chunk (its transaction, locks held) | ${Math.max(0, ...runs.map(run => Number(run[3])))} ms |`)
    console.info(`| receipts written: chats / messages | ${receipts.n} receipts: ${Number(receipts.chats).toLocaleString('en')} / ${Number(receipts.messages).toLocaleString('en')} |`)
    console.info(`| kept chats left | ${(await remaining()).toLocaleString('en')} |`)
  }
  finally {
    await db.end().catch(() => {})
    await server.stop()
    await database.drop()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
