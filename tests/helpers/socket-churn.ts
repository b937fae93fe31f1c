import { randomBytes } from 'node:crypto'
import { connect, type Socket } from 'node:net'

// Live sockets that end the way browser tabs do: reset mid-handshake, reset right after the 101,
// cut in the middle of a frame, half-closed before the answer, refused and reset before the
// refusal is read. A server that leaves one of these errors unhandled logs an uncaughtException
// (built server) or restarts (`nuxt dev`).

export interface ChurnTarget {
  baseURL: string
  cookie: string
  userId: number
  chatUuid: string
}

type Ending = 'reset-before-answer' | 'reset-after-101' | 'reset-mid-frame' | 'half-close' | 'refused-then-reset' | 'user-socket-reset'

const SOCKET_LIMIT_MS = 10_000

const ENDINGS: Ending[] = ['reset-before-answer', 'reset-after-101', 'reset-mid-frame', 'half-close', 'refused-then-reset', 'user-socket-reset']

function handshake(path: string, host: string, cookie?: string): string {
  return [
    `GET ${path} HTTP/1.1`,
    `Host: ${host}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
    'Sec-WebSocket-Version: 13',
    ...(cookie ? [`Cookie: ${cookie}`] : []),
    '', '',
  ].join('\r\n')
}

/** Resolves with the first bytes the server sends (or '' if it closes first). */
function firstAnswer(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    socket.once('data', chunk => resolve(chunk.toString()))
    socket.once('close', () => resolve(''))
  })
}

/** One socket opened and ended the `ending` way; resolves once this side has closed. */
async function churnOne(target: ChurnTarget, ending: Ending): Promise<void> {
  const url = new URL(target.baseURL)
  const socket = connect(Number(url.port), url.hostname)
  socket.on('error', () => {})
  const closed = new Promise(resolve => socket.once('close', resolve))
  // A limit, not a wait: a server that stopped answering fails the test's checks, not its timeout.
  const limit = setTimeout(() => socket.destroy(), SOCKET_LIMIT_MS)
  // A server that is down refuses: that socket is done, the test's checks will say why.
  if (!await new Promise(resolve => socket.once('connect', () => resolve(true)).once('close', () => resolve(false)))) return
  const chatPath = `/api/v1/chats/${target.chatUuid}/live`
  switch (ending) {
    case 'reset-before-answer':
      socket.write(handshake(chatPath, url.host, target.cookie))
      socket.resetAndDestroy()
      break
    case 'reset-after-101':
    case 'reset-mid-frame':
    case 'user-socket-reset': {
      const path = ending === 'user-socket-reset' ? `/api/users/${target.userId}/live` : chatPath
      const answer = firstAnswer(socket)
      socket.write(handshake(path, url.host, target.cookie))
      await answer
      // Two bytes of a masked text frame's header, then nothing: the server is mid-read.
      if (ending === 'reset-mid-frame') socket.write(Buffer.from([0x81, 0x85]))
      socket.resetAndDestroy()
      break
    }
    case 'half-close': {
      // Half-open: this side sends the handshake and its FIN at once, then waits for any answer.
      const answer = firstAnswer(socket)
      socket.end(handshake(chatPath, url.host, target.cookie))
      await answer
      socket.destroy()
      break
    }
    case 'refused-then-reset':
      socket.write(handshake(chatPath, url.host))
      socket.resetAndDestroy()
      break
  }
  await closed
  clearTimeout(limit)
}

/** `total` sockets, `parallel` at a time, cycling through every way of ending. */
export async function churnLiveSockets(target: ChurnTarget, total: number, parallel = 8): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < total) {
      const ending = ENDINGS[next++ % ENDINGS.length]!
      await churnOne(target, ending)
    }
  }
  await Promise.all(Array.from({ length: parallel }, worker))
}
