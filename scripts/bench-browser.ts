// npm run bench:browser — the chats table of a 100,000-chat project in Chromium: time to the first
// rows, the cost of each page appended as the table scrolls, long tasks, frame gaps while
// scrolling and the DOM's size, at growing depths. Figures, not a test. See docs/benchmarks.md.
import { existsSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import pg from 'pg'
import { chromium, type Page } from 'playwright-core'
import { register } from './bench/http'
import { benchLifecycle } from './bench/lifecycle'
import { insertChats, vacuumAnalyze } from './bench/seed'
import { ensureBuilt, startServer } from './bench/server'
import { markdownTable, ms } from './bench/stats'
import { createThrowawayDatabase } from './throwaway-database'

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback)
const config = {
  chats: num('BENCH_BROWSER_CHATS', 100_000),
  /** Pages of 100 rows scrolled in; figures are printed at each checkpoint. */
  pages: num('BENCH_BROWSER_PAGES', 100),
  checkpoints: new Set([1, 2, 5, 10, 20, 50, 100, 200]),
  adminUrl: process.env.BENCH_ADMIN_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
  chromium: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
}

const { defer, run: runBench } = benchLifecycle('bench:browser')

/**
 * Long tasks and frame gaps, recorded in the page from its first script on. Plain text: a function
 * compiled by tsx would carry its name helper (`__name`), which the page does not have.
 */
const RECORD_MAIN_THREAD = `
  window.__bench = { longTasks: [], frames: [] };
  new PerformanceObserver(list => list.getEntries().forEach(entry => window.__bench.longTasks.push(entry.duration))).observe({ type: 'longtask', buffered: true });
  let last = performance.now();
  requestAnimationFrame(function tick(now) {
    window.__bench.frames.push(now - last);
    last = now;
    requestAnimationFrame(tick);
  });
`

/** Drains what the page recorded since the last call. */
const drain = (page: Page) => page.evaluate(() => {
  const b = (window as unknown as { __bench: { longTasks: number[], frames: number[] } }).__bench
  return { longTasks: b.longTasks.splice(0), frames: b.frames.splice(0) }
})

/** Rows loaded (the table renders only a window of them). */
const rowCount = (page: Page) => page.locator('table[data-loaded-rows]').evaluate(table => Number(table.getAttribute('data-loaded-rows')))
const percentile = (values: number[], p: number) => values.length ? [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]! : 0

async function main() {
  if (!existsSync(config.chromium)) throw new Error(`No Chromium at ${config.chromium}: apt-get install -y chromium, or set CHROMIUM_PATH`)
  console.info(`[bench:browser] ${config.chats} chats, up to ${config.pages} pages of 100 scrolled in`)
  ensureBuilt()
  const database = await createThrowawayDatabase(config.adminUrl, `neptun_bench_browser_${process.pid}`)
  defer(database.drop)
  const app = await startServer(database.url)
  defer(app.stop)
  const session = await register(app.baseURL, `bench-browser-${process.pid}@bench.invalid`, 'bench-password-1')

  const raw = new pg.Client({ connectionString: database.url })
  await raw.connect()
  defer(() => raw.end())
  const { rows } = await raw.query<{ id: number }>('INSERT INTO neptun_user_project (neptun_user_id, name) VALUES ($1, $2) RETURNING id', [session.userId, 'Big'])
  const projectId = rows[0]!.id
  await raw.query('SET session_replication_role = replica')
  await insertChats(raw, { source: 'SELECT $1::int AS user_id, n FROM generate_series(1, $2::int) n', params: [session.userId, config.chats], prefix: 'Chat', projectName: 'Big', messagesPerChat: 0, messageEvery: 1 })
  await raw.query('RESET session_replication_role')
  await vacuumAnalyze(raw)

  const browser = await chromium.launch({ executablePath: config.chromium, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--enable-precise-memory-info'] })
  defer(() => browser.close())
  const context = await browser.newContext({ baseURL: app.baseURL, viewport: { width: 1440, height: 900 }, locale: 'en-US', timezoneId: 'UTC' })
  const [name, ...value] = session.cookie.split(';')[0]!.split('=')
  await context.addCookies([{ name: name!, value: value.join('='), url: app.baseURL }])
  await context.addInitScript({ content: RECORD_MAIN_THREAD })
  const page = await context.newPage()

  const started = performance.now()
  await page.goto(`/projects/${projectId}`)
  await page.locator('tbody tr[data-chat-id]').first().waitFor()
  const firstRows = performance.now() - started
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached' })
  const interactive = performance.now() - started
  const count = await page.getByText(`${config.chats.toLocaleString('en')} chats`).first().textContent()
  console.info(`[bench:browser] first rows ${ms(firstRows)} ms after navigation (server-rendered), interactive (hydrated) at ${ms(interactive)} ms; the count shows "${count?.trim()}"`)
  await drain(page)

  const table: string[][] = []
  let appendTimes: number[] = []
  let longTasks: number[] = []
  for (let pageNumber = 1; pageNumber <= config.pages; pageNumber++) {
    const before = await rowCount(page)
    const t0 = performance.now()
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight))
    await page.waitForFunction(n => Number(document.querySelector('table[data-loaded-rows]')?.getAttribute('data-loaded-rows')) > n, before, { timeout: 30_000 })
    appendTimes.push(performance.now() - t0)
    longTasks.push(...(await drain(page)).longTasks)
    if (!config.checkpoints.has(pageNumber) && pageNumber !== config.pages) continue

    // A scroll through the last screens by wheel steps, frame gaps recorded by requestAnimationFrame.
    await page.evaluate(() => window.scrollTo(0, Math.max(0, document.documentElement.scrollHeight - 6 * window.innerHeight)))
    await drain(page)
    for (let step = 0; step < 20; step++) await page.mouse.wheel(0, 240)
    await page.evaluate(() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve))))
    const scroll = await drain(page)
    const dom = await page.evaluate(() => ({
      nodes: document.getElementsByTagName('*').length,
      rendered: document.querySelectorAll('tbody tr[data-chat-id]').length,
      heapMb: ((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) / 2 ** 20,
    }))
    table.push([
      String(pageNumber), String(await rowCount(page)),
      `${ms(percentile(appendTimes, 0.5))} / ${ms(Math.max(...appendTimes))}`,
      `${longTasks.length} / ${ms(longTasks.length ? Math.max(...longTasks) : 0)}`,
      `${ms(percentile(scroll.frames, 0.5))} / ${ms(percentile(scroll.frames, 0.95))} / ${ms(Math.max(0, ...scroll.frames))}`,
      String(dom.rendered), String(dom.nodes), dom.heapMb.toFixed(1),
    ])
    appendTimes = []
    longTasks = []
  }
  console.info(markdownTable(['pages', 'rows', 'append p50 / max ms (since the last line)', 'long tasks: count / longest ms', 'wheel-scroll frame gap p50 / p95 / max ms', 'rows in the DOM', 'DOM elements', 'JS heap MB'], table))

  // Sorting at depth: the click goes to the server and starts again from the first page.
  const t0 = performance.now()
  await page.evaluate(() => window.scrollTo(0, 0))
  await page.getByRole('button', { name: /Sort by Name/ }).click()
  await page.waitForFunction(() => Number(document.querySelector('table[data-loaded-rows]')?.getAttribute('data-loaded-rows')) <= 100, undefined, { timeout: 30_000 })
  const sortMs = performance.now() - t0
  const afterSort = await drain(page)
  console.info(`[bench:browser] sort by name with ${table.at(-1)?.[1]} rows loaded: first page back in ${ms(sortMs)} ms; long tasks ${afterSort.longTasks.length} (longest ${ms(Math.max(0, ...afterSort.longTasks))} ms)`)
}

await runBench(main)
