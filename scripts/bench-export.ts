// npm run bench:export (also the last part of `npm run bench`) — the export stream on a large
// project: 100,000 chats with 1,000,000 messages (BENCH_EXPORT_CHATS, BENCH_EXPORT_MESSAGES_PER_CHAT;
// --quick: 5,000 chats) seeded with INSERT … SELECT generate_series into a throwaway Postgres
// database, then GET …/projects/:pid/export from the built server, read to the end by a client
// that counts the bytes. Reports MB/s of the ZIP and of the files in it, and the server's RSS
// before, at its highest during the download, and after. Figures, not a test (docs/benchmarks.md).
import { once } from 'node:events'
import { createWriteStream, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import pg from 'pg'
import yauzl from 'yauzl'
import { createThrowawayDatabase } from './throwaway-database'
import { register } from './bench/http'
import { ensureBuilt, startServer } from './bench/server'
import { insertChats, vacuumAnalyze } from './bench/seed'

const quick = process.argv.includes('--quick')
const chats = Number(process.env.BENCH_EXPORT_CHATS ?? (quick ? 5_000 : 100_000))
const messagesPerChat = Number(process.env.BENCH_EXPORT_MESSAGES_PER_CHAT ?? 10)
const adminUrl = process.env.BENCH_ADMIN_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres'

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024

/** How many files the ZIP holds and their uncompressed bytes (its central directory only). */
async function zipContents(file: string): Promise<{ files: number, content: number }> {
  const archive = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.open(file, { lazyEntries: true }, (error, zip) => error ? reject(error) : resolve(zip)))
  let files = 0
  let content = 0
  await new Promise<void>((resolve, reject) => {
    archive.on('entry', (entry: yauzl.Entry) => {
      files++
      content += entry.uncompressedSize
      archive.readEntry()
    })
    archive.on('end', resolve)
    archive.on('error', reject)
    archive.readEntry()
  })
  archive.close()
  return { files, content }
}

async function main() {
  ensureBuilt()
  const database = await createThrowawayDatabase(adminUrl, `neptun_bench_export_${process.pid}`)
  const server = await startServer(database.url)
  try {
    const session = await register(server.baseURL, 'export@bench.test', 'correct horse battery staple')
    const project = JSON.parse((await session.expect(201, 'POST', `/api/users/${session.userId}/projects`, { name: 'Export' })).body).project as { id: number }
    const client = new pg.Client({ connectionString: database.url })
    await client.connect()
    const seeded = performance.now()
    await insertChats(client, { source: 'SELECT $1::int AS user_id, n FROM generate_series(1, $2::int) n', params: [session.userId, chats], prefix: 'export', projectName: 'Export', messagesPerChat, messageEvery: 1 })
    await vacuumAnalyze(client)
    await client.end()
    console.info(`[bench] seeded ${chats.toLocaleString('en')} chats, ${(chats * messagesPerChat).toLocaleString('en')} messages in ${((performance.now() - seeded) / 1000).toFixed(1)} s`)

    // A warm-up on a small selection, so the first page's plan and the JIT are not in the figure.
    await session.expect(200, 'GET', `/api/users/${session.userId}/projects/${project.id}/export?q=export%200`)
    const before = rssMb(server.pid)
    let peak = before
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.pid))), 100)
    const started = performance.now()
    const response = await fetch(`${server.baseURL}/api/users/${session.userId}/projects/${project.id}/export`, { headers: { cookie: session.cookie } })
    const file = join(tmpdir(), `neptun-bench-export-${process.pid}.zip`)
    const out = createWriteStream(file)
    let bytes = 0
    for await (const chunk of response.body! as unknown as AsyncIterable<Uint8Array>) {
      bytes += (chunk as Uint8Array).byteLength
      if (!out.write(chunk)) await once(out, 'drain')
    }
    out.end()
    await once(out, 'finish')
    const seconds = (performance.now() - started) / 1000
    clearInterval(sampler)
    const after = rssMb(server.pid)
    // The files' own size, from the ZIP's central directory.
    const { files, content } = await zipContents(file)
    rmSync(file)
    const contentMb = content / 1e6
    console.info(`\n| export of ${chats.toLocaleString('en')} chats / ${(chats * messagesPerChat).toLocaleString('en')} messages | value |`)
    console.info('| --- | --- |')
    console.info(`| status | ${response.status} |`)
    console.info(`| time | ${seconds.toFixed(1)} s |`)
    console.info(`| ZIP size | ${(bytes / 1e6).toFixed(1)} MB (${(bytes / 1e6 / seconds).toFixed(1)} MB/s) |`)
    console.info(`| files in it, uncompressed | ${files.toLocaleString('en')} files, ${contentMb.toFixed(0)} MB (${(contentMb / seconds).toFixed(1)} MB/s) |`)
    console.info(`| chats per second | ${Math.round(chats / seconds).toLocaleString('en')} |`)
    console.info(`| server RSS before → peak → after | ${before.toFixed(0)} → ${peak.toFixed(0)} → ${after.toFixed(0)} MB (growth ${(peak - before).toFixed(0)} MB) |`)
  }
  finally {
    await server.stop()
    await database.drop()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
