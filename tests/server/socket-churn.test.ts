import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningServer } from '../../scripts/built-server'
import { request, signUp, type TestUser } from '../helpers/client'
import { createApiKey, createChat, createProject } from '../helpers/fixtures'
import { startOwnServer } from '../helpers/own-server'
import { pollUntil } from '../helpers/poll'
import { startDevServer, type DevServer } from '../helpers/dev-server'
import { churnLiveSockets, type ChurnTarget } from '../helpers/socket-churn'

async function targetOn(server: string): Promise<{ user: TestUser, target: ChurnTarget }> {
  const user = await signUp({ server })
  const project = await createProject(user)
  const chat = await createChat(user, project.id)
  return { user, target: { baseURL: server, cookie: user.cookie, userId: user.id, chatUuid: chat.uuid } }
}

describe('live sockets that end abruptly, against the built server', () => {
  let server: RunningServer
  beforeAll(async () => {
    // A presence TTL far beyond the test: only the sockets' own ends can release their rows.
    server = await startOwnServer({ LIVE_PRESENCE_TTL_SECONDS: '3600' }, { echoErrors: false })
  })
  afterAll(() => server?.stop())

  it('no uncaught exception, the server still answers, and no socket stays counted', async () => {
    const { user, target } = await targetOn(server.baseURL)
    await churnLiveSockets(target, 300)
    expect((await request('GET', '/api/health', { baseURL: server.baseURL })).status).toBe(200)
    expect(server.output(), server.output()).not.toMatch(/uncaught|unhandled|ECONNRESET|EPIPE/i)
    expect(server.child.exitCode).toBeNull()
    // The v1 delete refuses (409) while the chat has live sockets: handshakes that never opened count too.
    const { key } = await createApiKey(user)
    const deleted = await pollUntil(
      () => request('DELETE', `/api/v1/chats/${target.chatUuid}`, { baseURL: server.baseURL, headers: { 'x-api-key': key } }),
      response => response.status !== 409, 'v1 delete of the churned chat')
    expect(deleted.status).toBe(200)
  })
})

describe('live sockets that end abruptly, against `npm run dev`', () => {
  let server: DevServer
  let buildDir: string
  beforeAll(async () => {
    buildDir = await mkdtemp(join(tmpdir(), 'neptun-dev-'))
    server = await startDevServer(buildDir)
  }, 300_000)
  afterAll(async () => {
    await server?.stop()
    await rm(buildDir, { recursive: true, force: true })
  })

  it('no restart, no uncaught exception, and the server still answers', async () => {
    const { target } = await targetOn(server.baseURL)
    await churnLiveSockets(target, 300)
    expect((await request('GET', '/api/health', { baseURL: server.baseURL })).status).toBe(200)
    expect(server.output(), server.output()).not.toMatch(/Restarting|uncaught|unhandled|ECONNRESET|EPIPE/i)
    expect(server.child.exitCode).toBeNull()
  }, 120_000)
})
