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
  child: ChildProcess
  /** Everything the server printed so far (stdout and stderr). */
  output: () => string
  /** Resolves when the process has ended, with its exit code or the signal that ended it. */
  exited: Promise<{ code: number | null, signal: NodeJS.Signals | null }>
  /** SIGTERM, then waits for the exit. */
  stop: () => Promise<void>
}

export interface StartOptions {
  /** Echo the server's lines that mention an error to this process's stderr (default true). */
  echoErrors?: boolean
  /** Every chunk the server prints, for tests that check what reaches the log. */
  onOutput?: (text: string) => void
  /** Flags for node itself, e.g. --cpu-prof for the benchmark's profile. */
  nodeArgs?: string[]
}

/** Starts `.output/server/index.mjs` with `env` on top of this process's; resolves once migrated. */
export async function startBuiltServer(env: Record<string, string>, { echoErrors = true, onOutput, nodeArgs = [] }: StartOptions = {}): Promise<RunningServer> {
  const port = await freePort()
  const child = spawn(process.execPath, [...nodeArgs, serverEntry], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', ...env },
  })
  const exited = new Promise<{ code: number | null, signal: NodeJS.Signals | null }>((resolveExit) => {
    child.once('exit', (code, signal) => resolveExit({ code, signal }))
  })
  let output = ''
  const onData = (chunk: Buffer) => {
    const text = chunk.toString()
    output += text
    onOutput?.(text)
    if (echoErrors && ready && /error/i.test(text)) process.stderr.write(`[server] ${text}`)
  }
  let ready = false
  child.stdout!.on('data', onData)
  child.stderr!.on('data', onData)
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGTERM')
    await exited
  }
  try {
    await waitUntilReady(child, () => output)
    ready = true
  }
  catch (error) {
    await stop()
    throw error
  }
  return { baseURL: `http://127.0.0.1:${port}`, pid: child.pid!, child, output: () => output, exited, stop }
}

function waitUntilReady(child: ChildProcess, output: () => string): Promise<void> {
  return new Promise((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`server not ready after 180 s:\n${output()}`)), 180_000)
    const onData = () => {
      if (!output().includes('[neptun] database ready')) return
      clearTimeout(timer)
      child.stdout!.off('data', onData)
      child.stderr!.off('data', onData)
      resolveReady()
    }
    // Registered after the collector, so output() already holds the chunk.
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with ${code} before it was ready:\n${output()}`))
    })
  })
}
