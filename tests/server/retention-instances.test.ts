import { resolve } from 'node:path'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateDatabase, openDatabase, type OpenDatabase } from '#server/database/client'
import { rowsOf } from '#server/database/queries/rows'
import { startBuiltServer, type RunningServer } from '../../scripts/built-server'
import { signUp } from '../helpers/client'
import { createProject } from '../helpers/fixtures'
import { pollUntil } from '../helpers/poll'
import { createThrowawayDatabase, type ThrowawayDatabase } from '../helpers/throwaway-postgres'
import { TEST_SESSION_PASSWORD } from '../setup/test-env'

// The retention sweep on two built servers sharing one real Postgres (PGlite cannot be shared
// between processes): exactly one sweeps at a time, and a SIGKILL in the middle of a sweep leaves
// every chunk whole while the other instance finishes the job once the lease expires.

let database: ThrowawayDatabase
let data: OpenDatabase
const servers: RunningServer[] = []

function start(): Promise<RunningServer> {
  return startBuiltServer({
    NUXT_SESSION_PASSWORD: TEST_SESSION_PASSWORD,
    DATABASE_URL: database.url,
    NEPTUN_AUTH_RATE_LIMIT: '1000000',
    RETENTION_SWEEP_INTERVAL_SECONDS: '1',
  }, { echoErrors: false })
}

beforeAll(async () => {
  database = await createThrowawayDatabase('retention')
  data = await openDatabase({ databaseUrl: database.url })
  await migrateDatabase(data, resolve(import.meta.dirname, '../../drizzle'))
  servers.push(...await Promise.all([start(), start()]))
}, 180_000)

afterAll(async () => {
  await Promise.all(servers.map(server => server.stop()))
  await data?.close()
  await database?.drop()
})

/** A user's project with `count` chats of 2 messages each, 40 days old, inserted in bulk. */
async function oldProject(server: RunningServer, count: number) {
  const user = await signUp({ server: server.baseURL })
  const project = await createProject(user)
  await data.db.execute(sql`
    WITH chats AS (
      INSERT INTO chat_conversation (neptun_user_id, name, model)
      SELECT ${user.id}, 'old ' || i, 'm' FROM generate_series(1, ${count}) i RETURNING id
    ), links AS (
      INSERT INTO project_chat_conversation (project_id, chat_conversation_id) SELECT ${project.id}, id FROM chats
    )
    INSERT INTO chat_conversation_message (chat_conversation_id, neptun_user_id, actor, message)
    SELECT id, ${user.id}, a::chat_conversation_message_actor, 'hi' FROM chats, unnest(ARRAY['user', 'assistant']) a`)
  await data.db.execute(sql`UPDATE chat_conversation SET updated_at = now() - interval '40 days' WHERE neptun_user_id = ${user.id}`)
  return { user, project }
}

async function state(userId: number) {
  const [row] = await rowsOf<{ chats: number, orphans: number, receipts: number, receipted: number, runs: string[] | string }>(data.db, sql`
    SELECT (SELECT count(*)::int4 FROM chat_conversation WHERE neptun_user_id = ${userId}) AS chats,
      (SELECT count(*)::int4 FROM chat_conversation_message m WHERE m.neptun_user_id = ${userId}
        AND NOT EXISTS (SELECT 1 FROM chat_conversation c WHERE c.id = m.chat_conversation_id)) AS orphans,
      (SELECT count(*)::int4 FROM deletion_receipts WHERE neptun_user_id = ${userId} AND actor = 'retention') AS receipts,
      (SELECT coalesce(sum(chats_deleted), 0)::int4 FROM deletion_receipts WHERE neptun_user_id = ${userId} AND actor = 'retention') AS receipted,
      (SELECT array_to_string(array_agg(DISTINCT request_id), ',') FROM deletion_receipts WHERE neptun_user_id = ${userId} AND actor = 'retention') AS runs`)
  return { chats: Number(row!.chats), orphans: Number(row!.orphans), receipts: Number(row!.receipts), receipted: Number(row!.receipted), runs: String(row!.runs ?? '').split(',').filter(Boolean) }
}

describe('retention sweep on two instances', () => {
  it('exactly one instance sweeps a run: each run id is logged by one server only, and each chat is deleted once', async () => {
    const { user, project } = await oldProject(servers[0]!, 2500)
    expect((await user.call('PUT', `/api/users/${user.id}/projects/${project.id}/retention`, { json: { days: 30 } })).status).toBe(200)
    const done = await pollUntil(() => state(user.id), s => s.chats === 0, 'the sweep to delete every old chat', 120_000)
    expect(done).toMatchObject({ orphans: 0, receipted: 2500 })
    expect(done.receipts).toBeGreaterThanOrEqual(3)
    // A run logs its id once it has finished, just after its last chunk commits: wait for every line.
    const loggedBy = (run: string) => servers.filter(server => server.output().includes(`retention sweep ${run}`))
    const counts = await pollUntil(async () => done.runs.map(run => loggedBy(run).length), logged => logged.every(n => n > 0), 'each run to be logged', 60_000)
    expect(counts).toEqual(done.runs.map(() => 1))
    const policy = await user.call('GET', `/api/users/${user.id}/projects/${project.id}/retention`)
    expect(policy.body.retention.last_run).not.toBeNull()
  })

  it('SIGKILL mid-sweep: every chunk is whole, and the surviving instance continues once the lease expires', async () => {
    const { user, project } = await oldProject(servers[0]!, 6000)
    // Only one instance runs until the kill, so the one killed is the one sweeping.
    const victim = servers.pop()!
    expect((await user.call('PUT', `/api/users/${user.id}/projects/${project.id}/retention`, { json: { days: 30 } })).status).toBe(200)
    await servers[0]!.stop()
    servers.pop()
    servers.push(victim)
    await pollUntil(() => state(user.id), s => s.receipts >= 1, 'the first chunk', 120_000)
    victim.child.kill('SIGKILL')
    expect((await victim.exited).signal).toBe('SIGKILL')
    servers.pop()

    const afterKill = await state(user.id)
    expect(afterKill.orphans).toBe(0)
    expect(afterKill.chats + afterKill.receipted).toBe(6000)
    expect(afterKill.chats).toBeGreaterThan(0)

    servers.push(await start())
    const done = await pollUntil(() => state(user.id), s => s.chats === 0, 'the next sweep to finish', 120_000)
    expect(done).toMatchObject({ orphans: 0, receipted: 6000 })
  })
})
