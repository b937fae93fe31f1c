// The floor of the load benchmark: node:http and one pg Pool (the app's default size), the app's SQL,
// no framework, no session, no validation beyond picking the ids out of the path. Started by
// scripts/bench-load.ts as its own process: `tsx scripts/bench/floor-server.ts <databaseUrl> <port>`.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import pg from 'pg'
import { parseSettings } from '../../server/settings'
import { capturedStatement, LIST_SHAPES } from './list-sql'
import { rawDeleteProjectChats, rawTrimLastExchange } from './raw-sql'

const [databaseUrl, port] = process.argv.slice(2)
if (!databaseUrl || !port) throw new Error('usage: floor-server.ts <databaseUrl> <port>')
const pool = new pg.Pool({ connectionString: databaseUrl, max: parseSettings(process.env).database.poolSize })

// The list statements exactly as the app's query module builds them, captured once per shape.
const listAll = capturedStatement(LIST_SHAPES.all)
const listPage = capturedStatement(LIST_SHAPES.page50)

const LIST = /^\/api\/users\/(\d+)\/projects\/(\d+)\/chats$/
const CHAT = /^\/api\/users\/(\d+)\/projects\/(\d+)\/chats\/(\d+)$/
const TRIM = /^\/api\/users\/(\d+)\/chats\/(\d+)\/messages\/last$/

function json(res: ServerResponse, status: number, body: string) {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
  res.end(body)
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

async function withClient<T>(run: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  try {
    return await run(client)
  }
  finally {
    client.release()
  }
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://floor')
  let match: RegExpExecArray | null
  if (req.method === 'GET' && url.pathname === '/api/auth/session') return json(res, 200, '{"user":{"id":1,"primary_email":"floor@bench.invalid"}}')
  if (req.method === 'GET' && (match = LIST.exec(url.pathname))) {
    const [userId, projectId] = [Number(match[1]), Number(match[2])]
    if (url.searchParams.get('limit') === '50') {
      const { rows } = await pool.query<{ chats: string, next_key: string[] | null }>(listPage.sql, listPage.params(userId, projectId))
      if (!rows[0]) return json(res, 404, '{"statusCode":404,"statusMessage":"Not Found","message":"Project not found"}')
      const next = rows[0].next_key && Buffer.from(JSON.stringify({ o: 'updated_at:desc,id:desc', q: '', l: 50, k: rows[0].next_key })).toString('base64url')
      return json(res, 200, `{"chats":${rows[0].chats},"next_cursor":${JSON.stringify(next)}}`)
    }
    const { rows } = await pool.query<{ body: string }>(listAll.sql, listAll.params(userId, projectId))
    if (!rows[0]) return json(res, 404, '{"statusCode":404,"statusMessage":"Not Found","message":"Project not found"}')
    return json(res, 200, rows[0].body)
  }
  if (req.method === 'DELETE' && (match = CHAT.exec(url.pathname))) {
    const [userId, projectId, chatId] = [Number(match[1]), Number(match[2]), Number(match[3])]
    await withClient(client => rawDeleteProjectChats(client, userId, projectId, [chatId]))
    return json(res, 200, 'true')
  }
  if (req.method === 'DELETE' && (match = LIST.exec(url.pathname))) {
    const [userId, projectId] = [Number(match[1]), Number(match[2])]
    const { chat_ids: chatIds } = JSON.parse(await readBody(req)) as { chat_ids: number[] }
    await withClient(client => rawDeleteProjectChats(client, userId, projectId, chatIds))
    return json(res, 200, 'true')
  }
  if (req.method === 'DELETE' && (match = TRIM.exec(url.pathname))) {
    const [userId, chatId] = [Number(match[1]), Number(match[2])]
    await withClient(client => rawTrimLastExchange(client, userId, chatId))
    return json(res, 200, 'true')
  }
  return json(res, 404, '{"statusCode":404,"statusMessage":"Not Found","message":"No such API route"}')
}

// Each kind of error is printed once: the load generator counts them, a flood of stacks helps nobody.
const reported = new Set<string>()

createServer((req, res) => {
  handle(req, res).catch((error: unknown) => {
    const kind = error instanceof Error ? error.message.replace(/\d+/g, 'N') : String(error)
    if (!reported.has(kind)) console.error('[floor] (printed once)', error)
    reported.add(kind)
    if (!res.headersSent) json(res, 500, '{"statusCode":500,"statusMessage":"Server Error","message":"Server Error"}')
  })
}).listen(Number(port), '127.0.0.1', () => console.info('[floor] listening'))
