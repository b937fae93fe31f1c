import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { resolve } from 'node:path'
import { TEST_SESSION_PASSWORD } from '../setup/test-env'
import { pollUntil } from './poll'

// `npm run dev` as a newcomer runs it (`nuxt dev`, forked mode, the embedded database), on a free
// port, with its own build folder so a developer's own dev server (and its lock) is left alone.

const root = resolve(import.meta.dirname, '../..')

export interface DevServer {
  baseURL: string
  child: ChildProcess
  output: () => string
  stop: () => Promise<void>
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  server.close()
  await once(server, 'close')
  return port
}

/** Starts `nuxt dev`; resolves once /api/health answers 200. */
export async function startDevServer(buildDir: string): Promise<DevServer> {
  const port = await freePort()
  // Not a test run as far as the CLI is concerned: it then forks, as it does for users.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_ENV' && name !== 'TEST' && !name.startsWith('VITEST')))
  const child = spawn(process.execPath, [resolve(root, 'node_modules/nuxt/bin/nuxt.mjs'), 'dev', '--port', String(port), '--host', '127.0.0.1'], {
    cwd: root,
    // Its own process group: stop() ends the CLI and the forks and workers it started.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...env,
      NUXT_BUILD_DIR: buildDir,
      PGLITE_DATA_DIR: 'memory://',
      DATABASE_URL: '',
      NUXT_SESSION_PASSWORD: TEST_SESSION_PASSWORD,
      NEPTUN_AUTH_RATE_LIMIT: '1000000',
      NO_COLOR: '1',
    },
  })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => output += chunk.toString())
  child.stderr!.on('data', (chunk: Buffer) => output += chunk.toString())
  const exited = once(child, 'exit')
  const baseURL = `http://127.0.0.1:${port}`
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    process.kill(-child.pid!, 'SIGTERM')
    await exited
  }
  try {
    await pollUntil(async () => {
      if (child.exitCode !== null) throw new Error(`nuxt dev exited with ${child.exitCode}:\n${output}`)
      return fetch(`${baseURL}/api/health`).then(response => response.status, () => 0)
    }, status => status === 200, 'nuxt dev /api/health', 240_000)
  }
  catch (error) {
    await stop()
    throw error
  }
  return { baseURL, child, output: () => output, stop }
}
