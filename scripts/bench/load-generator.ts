// The load generator of scripts/bench-load.ts, in its own process so it does not share the event
// loop of what it measures: `tsx scripts/bench/load-generator.ts '<LoadJob as JSON>'`. Prints one
// line of JSON (LoadResult).
import autocannon from 'autocannon'

export interface LoadJob {
  url: string
  method: 'GET' | 'DELETE'
  /** Path; `{id}` is replaced by the next id of `ids` for each request. */
  path: string
  cookie?: string
  /** The status every answer should have (default 200); any other counts as an error. */
  status?: number
  /**
   * Ids the requests consume (chats to delete or trim), one or `batch` per request; round-robin
   * when `cycle`. Without `cycle` the ids are a stock: the warm-up uses a tenth of it and the
   * measured run the rest (by request count, not by time).
   */
  ids?: { first: number, count: number, batch?: number, cycle?: boolean }
  connections: number
  warmupSeconds: number
  seconds: number
}

export interface LoadResult {
  requests: number
  seconds: number
  perSecond: number
  p50: number
  p99: number
  /** Socket errors, timeouts and answers other than the expected status. */
  errors: number
  /** The run was as long as its stock of ids lasted. */
  byStock: boolean
}

const job = JSON.parse(process.argv[2]!) as LoadJob
const expected = job.status ?? 200
let next = 0
let unexpected = 0

/** The next request's path and body. */
function nextRequest(): { path: string, body?: string } {
  if (!job.ids) return { path: job.path }
  const { first, count, batch, cycle } = job.ids
  const start = cycle ? next % count : next
  next += batch ?? 1
  if (batch) return { path: job.path, body: JSON.stringify({ chat_ids: Array.from({ length: batch }, (_, i) => first + start + i) }) }
  return { path: job.path.replace('{id}', String(first + start)) }
}

function run(seconds: number, amount?: number): Promise<autocannon.Result> {
  return autocannon({
    url: job.url,
    connections: job.connections,
    ...(amount === undefined ? { duration: seconds } : { amount }),
    headers: { 'accept': 'application/json', ...(job.cookie ? { cookie: job.cookie } : {}), 'content-type': 'application/json' },
    requests: [{
      method: job.method,
      setupRequest: (request) => {
        const planned = nextRequest()
        return { ...request, path: planned.path, body: planned.body }
      },
      onResponse: (status) => {
        if (status !== expected) unexpected++
      },
    }],
  })
}

// A stock of ids is split by request count: a tenth for the warm-up, the rest measured.
const stockRequests = job.ids && !job.ids.cycle ? Math.floor(job.ids.count / (job.ids.batch ?? 1)) : undefined
const warmupAmount = stockRequests === undefined ? undefined : Math.max(job.connections, Math.floor(stockRequests / 10))
if (job.warmupSeconds > 0) await run(job.warmupSeconds, warmupAmount)
unexpected = 0
const measured = await run(job.seconds, stockRequests === undefined ? undefined : stockRequests - warmupAmount!)
const result: LoadResult = {
  requests: measured.requests.total,
  seconds: measured.duration,
  perSecond: measured.requests.total / measured.duration,
  p50: measured.latency.p50,
  p99: measured.latency.p99,
  errors: measured.errors + measured.timeouts + unexpected,
  byStock: stockRequests !== undefined,
}
console.info(JSON.stringify(result))
