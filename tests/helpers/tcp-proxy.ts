import { once } from 'node:events'
import { createServer, connect, type Socket } from 'node:net'

/**
 * A TCP proxy between the server under test and Postgres that a test can break, to play the
 * database going away without touching the machine's Postgres (other tests use it):
 * - `cut()`: every open connection is reset and new ones are reset as soon as they arrive —
 *   what a stopped or crashed Postgres looks like;
 * - `stall()`: connections are accepted and kept, but nothing passes — a network that drops packets;
 * - `restore()`: traffic flows again (connections cut meanwhile stay dead, as after a restart).
 */
export interface TcpProxy {
  port: number
  cut: () => void
  stall: () => void
  restore: () => void
  /** Connections opened through the proxy so far. */
  connections: () => number
  close: () => Promise<void>
}

type Mode = 'open' | 'cut' | 'stall'

export async function startTcpProxy(target: { host: string, port: number }): Promise<TcpProxy> {
  let mode: Mode = 'open'
  let opened = 0
  const live = new Set<Socket>()
  const track = (socket: Socket) => {
    live.add(socket)
    socket.on('close', () => live.delete(socket))
    socket.on('error', () => {})
  }
  const server = createServer((client) => {
    track(client)
    if (mode === 'cut') return void client.resetAndDestroy()
    opened++
    const upstream = connect(target.port, target.host)
    track(upstream)
    const pass = (from: Socket, to: Socket) => from.on('data', (chunk) => {
      if (mode === 'open') to.write(chunk)
    })
    pass(client, upstream)
    pass(upstream, client)
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  return {
    port,
    cut: () => {
      mode = 'cut'
      for (const socket of live) socket.resetAndDestroy()
    },
    stall: () => {
      mode = 'stall'
    },
    restore: () => {
      mode = 'open'
    },
    connections: () => opened,
    close: async () => {
      for (const socket of live) socket.destroy()
      server.close()
      await once(server, 'close')
    },
  }
}
