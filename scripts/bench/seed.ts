import type pg from 'pg'
import type { BenchConfig } from './config'

// Bulk data straight through SQL (INSERT … SELECT generate_series): minutes of API calls become
// seconds. Triggers and foreign-key checks are off while loading (session_replication_role), the
// rows are consistent by construction; updated_at is set explicitly, as an import would.

const MODELS = `(ARRAY['google/gemma-2-27b-it','meta-llama/llama-3.1-70b-instruct','mistralai/mixtral-8x22b'])`

export interface ChatGroup {
  /** SQL yielding (user_id, n): one chat per row. */
  source: string
  params: unknown[]
  /** Name prefix, so each group is recognisable in the data. */
  prefix: string
  /** Each chat is linked to its user's project of this name. */
  projectName: string
  messagesPerChat: number
  /** 1 in `messageEvery` chats of the group gets the messages. */
  messageEvery: number
}

export interface IdRange { first: number, last: number, count: number }

/** Inserts the chats of a group with their project links and messages; answers their id range. */
export async function insertChats(client: pg.Client, group: ChatGroup): Promise<IdRange> {
  const n = group.params.length
  const inserted = await client.query<{ first: number | null, last: number | null, count: string }>(`
    WITH src AS (
      SELECT s.user_id, s.n, now() - random() * interval '365 days' AS created_at FROM (${group.source}) s
    ), ins AS (
      INSERT INTO chat_conversation (neptun_user_id, name, model, created_at, updated_at)
      SELECT user_id, $${n + 1} || ' ' || substr(md5(n::text || $${n + 1}), 1, 12), ${MODELS}[1 + n % 3],
        created_at, created_at + random() * interval '30 days'
      FROM src ORDER BY user_id, n
      RETURNING id, neptun_user_id
    ), link AS ( -- a data-modifying WITH runs once whether or not it is referenced
      INSERT INTO project_chat_conversation (project_id, chat_conversation_id)
      SELECT p.id, ins.id FROM ins JOIN neptun_user_project p ON p.neptun_user_id = ins.neptun_user_id AND p.name = $${n + 2}
    )
    SELECT min(id) AS first, max(id) AS last, count(*) AS count FROM ins`,
  [...group.params, group.prefix, group.projectName])
  const row = inserted.rows[0]!
  const range = { first: Number(row.first ?? 0), last: Number(row.last ?? -1), count: Number(row.count) }
  if (range.count > 0 && group.messagesPerChat > 0) {
    // Alternating user / assistant, one minute apart, in id (insertion) order per chat.
    await client.query(`
      INSERT INTO chat_conversation_message (chat_conversation_id, neptun_user_id, actor, message, created_at, updated_at)
      SELECT c.id, c.neptun_user_id,
        (CASE WHEN m % 2 = 1 THEN 'user' ELSE 'assistant' END)::chat_conversation_message_actor,
        CASE WHEN m % 2 = 1 THEN 'Question ' || m || ': why does the pod restart after the config map changed?'
          ELSE 'Answer ' || m || ': look at kubectl describe pod and the events; the liveness probe fails while the app reloads.' END,
        c.created_at + m * interval '1 minute', c.created_at + m * interval '1 minute'
      FROM chat_conversation c CROSS JOIN generate_series(1, $3::int) m
      WHERE c.id BETWEEN $1 AND $2 AND (c.id - $1) % $4 = 0
      ORDER BY c.id, m`, [range.first, range.last, group.messagesPerChat, group.messageEvery])
  }
  return range
}

export interface SeedInput {
  userId: number
  /** Name of the user's project whose chats are listed. */
  measuredProject: string
  /** Name of the user's project holding the chats the delete and trim benchmarks consume. */
  scratchProject: string
  /** How many chats each column of the delete benchmarks consumes: one delete and one batch. */
  singleDeletes: number
  batchDeletes: number
  /** Columns (HTTP, data layer, raw SQL): each gets its own chats to delete and its own chat to trim. */
  columns: number
}

export interface SeedResult {
  singleDeleteIds: number[][]
  batchDeleteIds: number[][][]
  trimChatIds: number[]
  rows: Record<string, number>
}

export async function seed(client: pg.Client, config: BenchConfig, input: SeedInput): Promise<SeedResult> {
  await client.query('SET session_replication_role = replica')
  const own = (count: number) => ({ source: 'SELECT $1::int AS user_id, n FROM generate_series(1, $2::int) n', params: [input.userId, count] })

  await insertChats(client, { ...own(config.chats), prefix: 'Chat', projectName: input.measuredProject, messagesPerChat: config.messagesPerChat, messageEvery: config.messageEvery })

  const trimMessages = config.trimMessages + (config.trimMessages % 2) // ends with an assistant message
  const trim = await insertChats(client, { ...own(input.columns), prefix: 'Trim', projectName: input.scratchProject, messagesPerChat: trimMessages, messageEvery: 1 })

  const perColumn = input.singleDeletes + input.batchDeletes * config.batchSize
  const deletable = await insertChats(client, { ...own(perColumn * input.columns), prefix: 'Delete', projectName: input.scratchProject, messagesPerChat: config.deleteChatMessages, messageEvery: 1 })

  const otherUsers = Math.ceil(config.otherChats / config.otherChatsPerUser)
  if (otherUsers > 0) {
    await client.query(`
      INSERT INTO neptun_user (primary_email, hashed_password)
      SELECT 'other-' || g || '@bench.invalid', 'not a hash: nobody signs in as these' FROM generate_series(1, $1::int) g`, [otherUsers])
    await client.query(`
      INSERT INTO neptun_user_project (neptun_user_id, name)
      SELECT id, 'Other' FROM neptun_user WHERE primary_email LIKE 'other-%@bench.invalid'`)
    await insertChats(client, {
      source: `SELECT u.id AS user_id, g AS n FROM (
          SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM neptun_user WHERE primary_email LIKE 'other-%@bench.invalid'
        ) u CROSS JOIN generate_series(1, $1::int) g WHERE u.k * $1 + g <= $2`,
      params: [config.otherChatsPerUser, config.otherChats],
      prefix: 'Other',
      projectName: 'Other',
      messagesPerChat: config.messagesPerChat,
      messageEvery: config.messageEvery,
    })
  }
  await client.query('RESET session_replication_role')

  const ids = Array.from({ length: deletable.count }, (_, i) => deletable.first + i)
  if (ids.at(-1) !== deletable.last) throw new Error('deletable chat ids are not contiguous')
  const singleDeleteIds: number[][] = []
  const batchDeleteIds: number[][][] = []
  for (let column = 0; column < input.columns; column++) {
    const mine = ids.slice(column * perColumn, (column + 1) * perColumn)
    singleDeleteIds.push(mine.slice(0, input.singleDeletes))
    const batches = mine.slice(input.singleDeletes)
    batchDeleteIds.push(Array.from({ length: input.batchDeletes }, (_, b) => batches.slice(b * config.batchSize, (b + 1) * config.batchSize)))
  }

  const rows: Record<string, number> = {}
  for (const table of ['neptun_user', 'neptun_user_project', 'chat_conversation', 'project_chat_conversation', 'chat_conversation_message']) {
    const result = await client.query<{ count: string }>(`SELECT count(*) AS count FROM ${table}`)
    rows[table] = Number(result.rows[0]!.count)
  }
  return {
    singleDeleteIds,
    batchDeleteIds,
    trimChatIds: Array.from({ length: trim.count }, (_, i) => trim.first + i),
    rows,
  }
}

/** Fresh statistics and visibility map, as autovacuum would leave a table that has settled. */
export async function vacuumAnalyze(client: pg.Client): Promise<void> {
  await client.query('VACUUM (ANALYZE)')
}
