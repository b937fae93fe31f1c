import { spawn } from 'node:child_process'
import { mkdtemp, writeFile, mkdir, cp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TEST_SESSION_PASSWORD } from '../setup/test-env'

// The built server (made by the global setup) started on its own, as an operator would.
const serverEntry = resolve(import.meta.dirname, '../../.output/server/index.mjs')

function runServer(env: Record<string, string>, cwd: string): Promise<{ code: number | null, output: string, ready: boolean }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [serverEntry], {
      cwd,
      env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: '0', DATABASE_URL: '', PGLITE_DATA_DIR: 'memory://', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      // Ready is the answer we wait for; stop the server there.
      if (output.includes('[neptun] database ready')) child.kill('SIGTERM')
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', code => done({ code, output, ready: output.includes('[neptun] database ready') }))
  })
}

describe('the built server', () => {
  it('finds its migrations when started from another directory', async () => {
    const result = await runServer({ NUXT_SESSION_PASSWORD: TEST_SESSION_PASSWORD }, tmpdir())
    expect(result.output).toContain('[neptun] database ready')
  })

  it('refuses to start in production without a session password of 32 characters', async () => {
    const result = await runServer({ NUXT_SESSION_PASSWORD: 'too-short' }, tmpdir())
    expect(result.code).toBe(1)
    expect(result.ready).toBe(false)
    expect(result.output).toContain('NUXT_SESSION_PASSWORD must be set to at least 32 characters')
  })

  it.each(['0', '-5', 'lots', '1.5'])('refuses to start with API_KEY_RATE_LIMIT_PER_MINUTE=%s', async (value) => {
    const result = await runServer({ NUXT_SESSION_PASSWORD: TEST_SESSION_PASSWORD, API_KEY_RATE_LIMIT_PER_MINUTE: value }, tmpdir())
    expect(result.code).toBe(1)
    expect(result.ready).toBe(false)
    expect(result.output).toContain('API_KEY_RATE_LIMIT_PER_MINUTE must be a positive integer. Refusing to start.')
  })

  // Every setting is checked once at start (server/settings.ts); one wrong value, of any kind,
  // stops the server with its variable's name before anything listens or touches the database.
  it.each([
    ['DATABASE_STATEMENT_TIMEOUT_MS', '5s', 'must be a positive number of milliseconds'],
    ['TRUST_PROXY', 'yes', 'must be 0 or the number of your proxies'],
    ['LIVE_PRESENCE_TTL_SECONDS', '0', 'must be a positive number of seconds'],
    ['NEPTUN_PUBLIC_ORIGIN', 'chats.example.com', 'must be comma-separated origins such as https://chats.example.com'],
    ['DATABASE_URL', 'mysql://root@127.0.0.1/neptun', 'must be a postgres:// or postgresql:// connection string'],
  ])('refuses to start with %s=%s, naming the variable', async (name, value, rule) => {
    const result = await runServer({ NUXT_SESSION_PASSWORD: TEST_SESSION_PASSWORD, [name]: value }, tmpdir())
    expect(result.code).toBe(1)
    expect(result.ready).toBe(false)
    expect(result.output).toContain(`[neptun] ${name} ${rule}. Refusing to start.`)
  })

  it('stops with a clear message when a migration fails', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'neptun-migrations-'))
    await cp(resolve(import.meta.dirname, '../../drizzle'), folder, { recursive: true })
    await writeFile(join(folder, '0000_init.sql'), 'CREATE TABLE broken (;')
    await mkdir(join(folder, 'meta'), { recursive: true })
    const result = await runServer({ NUXT_SESSION_PASSWORD: TEST_SESSION_PASSWORD, MIGRATIONS_DIR: folder }, tmpdir())
    expect(result.code).toBe(1)
    expect(result.ready).toBe(false)
    expect(result.output).toContain('[neptun] database migration failed, stopping')
  })
})
