import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { resolve } from 'node:path'

// The built server (`.output/`) as the tests and the benchmark run it: built on demand, started on
// a free port, ready once it prints that its database is migrated.

const root = resolve(import.meta.dirname, '..')
export const serverEntry = resolve(root, '.output/server/index.mjs')

export function isBuilt(): boolean {
  return existsSync(serverEntry)
}

export function buildServer(): void {
  const build = spawnSync('npx', ['nuxt', 'build'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } })
  if (build.status !== 0) throw new Error('nuxt build failed')
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  server.close()
  await once(server, 'close')
  return port
}

export interface RunningServer {
  baseURL: string
  /** The server process, e.g. to read its memory. */
  pid: number
  stop: () => Promise<void>
}

/** Starts `.output/server/index.mjs` with `env` on top of this process's; resolves once migrated. */
export async function startBuiltServer(env: Record<string, string>, nodeArgs: string[] = []): Promise<RunningServer> {
  const port = await freePort()
  const child = spawn(process.execPath, [...nodeArgs, serverEntry], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', ...env },
  })
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGTERM')
    await once(child, 'exit')
  }
  try {
    await waitUntilReady(child)
  }
  catch (error) {
    await stop()
    throw error
  }
  return { baseURL: `http://127.0.0.1:${port}`, pid: child.pid!, stop }
}

function waitUntilReady(child: ChildProcess): Promise<void> {
  return new Promise((resolveReady, reject) => {
    let output = ''
    let ready = false
    const timer = setTimeout(() => reject(new Error(`server not ready after 60 s:\n${output}`)), 60_000)
    const onData = (chunk: Buffer) => {
      // Keep the server's own lines until it is ready, and its errors afterwards.
      if (!ready) output += chunk.toString()
      if (!ready && output.includes('[neptun] database ready')) {
        ready = true
        clearTimeout(timer)
        resolveReady()
      }
      else if (ready && /error/i.test(chunk.toString())) {
        process.stderr.write(`[server] ${chunk.toString()}`)
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      if (!ready) reject(new Error(`server exited with ${code} before it was ready:\n${output}`))
    })
  })
}
