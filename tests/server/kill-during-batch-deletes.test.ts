import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBuiltServer, type RunningServer } from '../../scripts/built-server'
import { signUp, type TestUser } from '../helpers/client'
import { createProject } from '../helpers/fixtures'
import { createThrowawayDatabase, type ThrowawayDatabase } from '../helpers/throwaway-postgres'
import { TEST_SESSION_PASSWORD } from '../setup/test-env'

// kill -9 of the server while batch deletes run, round after round, at a different moment each
// time (after the k-th answer, with the others in flight): Postgres must be left with every batch
// either wholly deleted or wholly there, and no message or link without its chat.

const ROUNDS = [1, 3, 6, 10, 15, 20, 26, 2] // kill after this many answers
const USERS = 3
const BATCHES_PER_USER = 10
const CHATS_PER_BATCH = 40
const MESSAGES_PER_CHAT = 3

let database: ThrowawayDatabase
const users: { user: TestUser, projectId: number }[] = []

function start(): Promise<RunningServer> {
  return startBuiltServer({ NUXT_SESSION_PASSWORD: TEST_SESSION_PASSWORD, DATABASE_URL: database.url, DATABASE_LISTEN_URL: database.listenUrl, NEPTUN_AUTH_RATE_LIMIT: '1000000' }, { echoErrors: false })
}

beforeAll(async () => {
  database = await createThrowawayDatabase('kill')
  const server = await start()
  try {
    for (let i = 0; i < USERS; i++) {
      const user = await signUp({ server: server.baseURL })
      users.push({ user, projectId: (await createProject(user)).id })
    }
  }
  finally {
    await server.stop()
  }
})

afterAll(async () => {
  await database?.drop()
})

interface Batch {
  user: TestUser
  projectId: number
  chatIds: number[]
  answer?: number
}

/** Chats with messages, linked to the user's project, written straight to the database. */
async function seedBatch(user: TestUser, projectId: number, round: number): Promise<Batch> {
  const client = await database.pool.connect()
  try {
    await client.query('BEGIN')
    const { rows } = await client.query<{ id: number }>(
      `INSERT INTO chat_conversation (neptun_user_id, name, model)
       SELECT $1, 'round ' || $2 || ' chat ' || n, 'google/gemma-2-27b-it' FROM generate_series(1, $3) AS n RETURNING id`,
      [user.id, round, CHATS_PER_BATCH])
    const chatIds = rows.map(row => row.id)
    await client.query(`INSERT INTO project_chat_conversation (project_id, chat_conversation_id) SELECT $1, unnest($2::int4[])`, [projectId, chatIds])
    await client.query(
      `INSERT INTO chat_conversation_message (chat_conversation_id, neptun_user_id, actor, message)
       SELECT c, $2, CASE WHEN n % 2 = 1 THEN 'user' ELSE 'assistant' END::chat_conversation_message_actor, 'message ' || n
       FROM unnest($1::int4[]) AS c, generate_series(1, $3) AS n`,
      [chatIds, user.id, MESSAGES_PER_CHAT])
    await client.query('COMMIT')
    return { user, projectId, chatIds }
  }
  finally {
    client.release()
  }
}

async function countOf(sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await database.pool.query<{ n: number }>(sql, params)
  return rows[0]!.n
}

describe('SIGKILL in the middle of batch deletes', () => {
  it('leaves every batch wholly applied or not at all, and no link or message without its chat', async () => {
    const tally = { batches: 0, answered: 0, unanswered: 0, unansweredApplied: 0, unansweredNotApplied: 0 }
    for (const [round, killAfter] of ROUNDS.entries()) {
      const batches: Batch[] = []
      for (const { user, projectId } of users) {
        for (let b = 0; b < BATCHES_PER_USER; b++) batches.push(await seedBatch(user, projectId, round))
      }
      const server = await start()
      let answers = 0
      let kill!: () => void
      const killed = new Promise<void>((resolve) => {
        kill = resolve
      })
      const requests = batches.map(batch => batch.user.call('DELETE', `/api/users/${batch.user.id}/projects/${batch.projectId}/chats`, { baseURL: server.baseURL, json: { chat_ids: batch.chatIds } })
        .then((response) => {
          batch.answer = response.status
          if (++answers === killAfter) kill()
        }, () => { /* the connection died with the server */ }))
      await Promise.race([killed, Promise.all(requests)])
      server.child.kill('SIGKILL')
      expect((await server.exited).signal).toBe('SIGKILL')
      await Promise.all(requests)

      for (const batch of batches) {
        tally.batches++
        // One statement, so one snapshot: a transaction whose COMMIT reached Postgres before the
        // kill may still be committing (NOTIFY serialises commits), and three separate counts could
        // straddle it.
        const { rows: [counts] } = await database.pool.query<{ chats: number, links: number, messages: number }>(`
          SELECT (SELECT count(*)::int FROM chat_conversation WHERE id = ANY($1::int4[])) AS chats,
            (SELECT count(*)::int FROM project_chat_conversation WHERE chat_conversation_id = ANY($1::int4[])) AS links,
            (SELECT count(*)::int FROM chat_conversation_message WHERE chat_conversation_id = ANY($1::int4[])) AS messages`, [batch.chatIds])
        const { chats, links, messages } = counts!
        const state = `round ${round} (kill after ${killAfter} answers), answer ${batch.answer ?? 'none'}`
        if (batch.answer !== undefined) {
          expect(batch.answer, state).toBe(200)
          expect({ chats, links, messages }, state).toEqual({ chats: 0, links: 0, messages: 0 })
          tally.answered++
        }
        else {
          const whole = { chats: CHATS_PER_BATCH, links: CHATS_PER_BATCH, messages: CHATS_PER_BATCH * MESSAGES_PER_CHAT }
          const none = { chats: 0, links: 0, messages: 0 }
          expect([whole, none], state).toContainEqual({ chats, links, messages })
          tally.unanswered++
          if (chats === 0) tally.unansweredApplied++
          else tally.unansweredNotApplied++
        }
      }
      expect(await countOf(`SELECT count(*)::int AS n FROM chat_conversation_message m
        WHERE NOT EXISTS (SELECT 1 FROM chat_conversation c WHERE c.id = m.chat_conversation_id)`)).toBe(0)
      expect(await countOf(`SELECT count(*)::int AS n FROM project_chat_conversation l
        WHERE NOT EXISTS (SELECT 1 FROM chat_conversation c WHERE c.id = l.chat_conversation_id)
           OR NOT EXISTS (SELECT 1 FROM neptun_user_project p WHERE p.id = l.project_id)`)).toBe(0)
    }

    // Restarted after the last kill, the server serves, and the batches left can still be deleted.
    const server = await start()
    try {
      const { user, projectId } = users[0]!
      const list = await user.call('GET', `/api/users/${user.id}/projects/${projectId}/chats`, { baseURL: server.baseURL })
      expect(list.status).toBe(200)
      const left: number[] = list.body.chats.map((chat: { id: number }) => chat.id)
      if (left.length > 0) {
        const deleted = await user.call('DELETE', `/api/users/${user.id}/projects/${projectId}/chats`, { baseURL: server.baseURL, json: { chat_ids: left.slice(0, 1000) } })
        expect(deleted.status).toBe(200)
      }
    }
    finally {
      await server.stop()
    }
    console.info(`[kill -9] ${ROUNDS.length} kills, ${tally.batches} batches of ${CHATS_PER_BATCH} chats: ${tally.answered} answered 200 and gone; `
      + `${tally.unanswered} cut off by the kill — ${tally.unansweredApplied} wholly applied, ${tally.unansweredNotApplied} wholly not`)
  }, 180_000)
})
