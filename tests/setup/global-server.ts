import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { resolve } from 'node:path'
import type { TestProject } from 'vitest/node'
import pg from 'pg'
import { TEST_SESSION_PASSWORD, testDatabaseUrl, testDriver } from './test-env'

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string
  }
}

const root = resolve(import.meta.dirname, '../..')
const serverEntry = resolve(root, '.output/server/index.mjs')

/** Every run starts from an empty database: on Postgres, drop everything the migrations made. */
async function resetPostgres(url: string) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query('DROP SCHEMA IF EXISTS drizzle CASCADE; DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;')
  }
  finally {
    await client.end()
  }
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  server.close()
  await once(server, 'close')
  return port
}

/** Resolves when the server prints that its database is migrated; rejects if it exits first. */
function waitUntilReady(child: ChildProcess): Promise<void> {
  return new Promise((resolveReady, reject) => {
    let output = ''
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      process.stdout.write(chunk)
      if (output.includes('[neptun] database ready')) resolveReady()
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', code => reject(new Error(`test server exited with ${code}:\n${output}`)))
  })
}

export default async function setup(project: TestProject) {
  if (process.env.NEPTUN_TEST_SKIP_BUILD !== '1' || !existsSync(serverEntry)) {
    const build = spawnSync('npx', ['nuxt', 'build'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } })
    if (build.status !== 0) throw new Error('nuxt build failed')
  }
  if (testDatabaseUrl) await resetPostgres(testDatabaseUrl)
  const port = await freePort()
  const child = spawn(process.execPath, [serverEntry], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      NUXT_SESSION_PASSWORD: TEST_SESSION_PASSWORD,
      DATABASE_URL: testDatabaseUrl ?? '',
      PGLITE_DATA_DIR: 'memory://',
    },
  })
  await waitUntilReady(child)
  console.info(`[tests] server on port ${port}, database: ${testDriver}`)
  project.provide('baseURL', `http://127.0.0.1:${port}`)
  return async () => {
    child.kill('SIGTERM')
    if (child.exitCode === null) await once(child, 'exit')
  }
}
