import WebSocket from 'ws'
import { baseURL } from './client'

// A WebSocket client for the live endpoints (Node 20 has no global WebSocket): every frame is
// kept, and tests wait for the event or the close they expect — never for a fixed time.

export interface LiveEvent {
  type: string
  [key: string]: unknown
}

export interface LiveSocket {
  events: LiveEvent[]
  /** Resolves with the first event (already received or coming) that matches. */
  waitFor: (predicate: (event: LiveEvent) => boolean, what?: string) => Promise<LiveEvent>
  /** Resolves when the server (or the client) closed the socket. */
  closed: Promise<{ code: number, reason: string }>
  isOpen: () => boolean
  send: (data: string) => void
  close: () => Promise<void>
}

export type LiveHandshake
  = | { status: 101, socket: LiveSocket, headers: Record<string, string | string[] | undefined> }
    | { status: number, body: { statusCode?: number, statusMessage?: string, message?: string } | undefined, headers: Record<string, string | string[] | undefined> }

export interface LiveOptions {
  cookie?: string
  apiKey?: string
  origin?: string
  /** Another server than the test run's. */
  at?: string
  /** false: ignore the server's protocol pings, like a client that vanished without closing. */
  autoPong?: boolean
  /** More handshake headers (Authorization, X-Request-Id). */
  headers?: Record<string, string>
}

const WAIT_LIMIT_MS = 15_000

export function connectLive(path: string, options: LiveOptions = {}): Promise<LiveHandshake> {
  const url = new URL(path, options.at ?? baseURL)
  url.protocol = url.protocol.replace('http', 'ws')
  const headers: Record<string, string> = { ...options.headers }
  if (options.cookie) headers.cookie = options.cookie
  if (options.apiKey !== undefined) headers['x-api-key'] = options.apiKey
  if (options.origin) headers.origin = options.origin
  const ws = new WebSocket(url, { headers, autoPong: options.autoPong ?? true })
  const events: LiveEvent[] = []
  const waiters: { predicate: (event: LiveEvent) => boolean, resolve: (event: LiveEvent) => void }[] = []
  ws.on('message', (data) => {
    const event = JSON.parse(String(data)) as LiveEvent
    events.push(event)
    for (const waiter of [...waiters]) {
      if (waiter.predicate(event)) {
        waiters.splice(waiters.indexOf(waiter), 1)
        waiter.resolve(event)
      }
    }
  })
  const closed = new Promise<{ code: number, reason: string }>((resolve) => {
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }))
  })
  const socket: LiveSocket = {
    events,
    closed,
    isOpen: () => ws.readyState === WebSocket.OPEN,
    send: data => ws.send(data),
    waitFor(predicate, what = 'event') {
      const seen = events.find(predicate)
      if (seen) return Promise.resolve(seen)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${what} within ${WAIT_LIMIT_MS} ms; got ${JSON.stringify(events)}`)), WAIT_LIMIT_MS)
        waiters.push({ predicate, resolve: (event) => {
          clearTimeout(timer)
          resolve(event)
        } })
      })
    },
    async close() {
      if (ws.readyState !== WebSocket.CLOSED) ws.close(1000)
      await closed
    },
  }
  return new Promise((resolve, reject) => {
    let upgradeHeaders: Record<string, string | string[] | undefined> = {}
    ws.once('upgrade', (response) => {
      upgradeHeaders = response.headers
    })
    ws.once('open', () => resolve({ status: 101, socket, headers: upgradeHeaders }))
    ws.once('unexpected-response', (_request, response) => {
      let text = ''
      response.on('data', (chunk: Buffer) => {
        text += chunk.toString()
      })
      response.on('end', () => {
        let body
        try {
          body = JSON.parse(text)
        }
        catch {
          body = undefined
        }
        resolve({ status: response.statusCode ?? 0, body, headers: response.headers })
        ws.terminate()
      })
    })
    ws.once('error', reject)
  })
}

/** A socket that must open: its handshake answered 101 and its `ready` event arrived. */
export async function openLive(path: string, options: LiveOptions = {}): Promise<LiveSocket> {
  const handshake = await connectLive(path, options)
  if (handshake.status !== 101 || !('socket' in handshake)) throw new Error(`live handshake refused: ${handshake.status} ${JSON.stringify('body' in handshake ? handshake.body : '')}`)
  await handshake.socket.waitFor(event => event.type === 'ready', 'ready event')
  return handshake.socket
}
