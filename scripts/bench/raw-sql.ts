import type pg from 'pg'

// The raw-Postgres floor: the statements of server/database/queries/*.ts copied as SQL text and sent
// over one pg connection, with the same transaction boundaries and round trips, no drizzle, no HTTP.
// Keep them in step with the query files; the statement counts printed next to the app's show drift.

const intArray = (ids: readonly number[]) => `{${ids.join(',')}}`

/** deleteProjectChats: lock, then messages, links, chats. Answers the statements it sent (BEGIN/COMMIT not counted). */
export async function rawDeleteProjectChats(client: pg.ClientBase, userId: number, projectId: number, chatIds: readonly number[]): Promise<number> {
  const wanted = [...new Set(chatIds)].sort((a, b) => a - b)
  const ids = intArray(wanted)
  await client.query('BEGIN')
  try {
    const found = await client.query<{ project_id: number, chat_id: number | null }>(`
      SELECT p.id AS project_id, c.id AS chat_id
      FROM neptun_user_project p
      LEFT JOIN LATERAL (
        SELECT c.id FROM chat_conversation c
        WHERE c.id = ANY($1::int4[]) AND c.neptun_user_id = $2
          AND EXISTS (SELECT 1 FROM project_chat_conversation l WHERE l.project_id = p.id AND l.chat_conversation_id = c.id)
        ORDER BY c.id
        FOR UPDATE OF c
      ) c ON true
      WHERE p.id = $3 AND p.neptun_user_id = $2
      FOR KEY SHARE OF p`, [ids, userId, projectId])
    const locked = found.rows.filter(row => row.chat_id !== null).length
    if (locked !== wanted.length) throw new Error(`raw delete: locked ${locked} of ${wanted.length} chats`)
    await client.query('DELETE FROM chat_conversation_message WHERE chat_conversation_id = ANY($1::int4[])', [ids])
    await client.query('DELETE FROM project_chat_conversation WHERE chat_conversation_id = ANY($1::int4[])', [ids])
    const deleted = await client.query('DELETE FROM chat_conversation WHERE id = ANY($1::int4[]) AND neptun_user_id = $2 RETURNING id', [ids, userId])
    if (deleted.rowCount !== wanted.length) throw new Error(`raw delete: deleted ${deleted.rowCount} of ${wanted.length} chats`)
    await client.query('COMMIT')
    return 4
  }
  catch (error) {
    await client.query('ROLLBACK')
    throw error
  }
}

/** The trim's read of the tail ($1: chat id), also explained once by the benchmark. */
export const TRIM_TAIL_SQL = `
  WITH last_assistant AS (
    SELECT max(id) AS id FROM chat_conversation_message
    WHERE chat_conversation_id = $1 AND actor = 'assistant'
  ), before_last_assistant AS (
    SELECT m.id FROM chat_conversation_message m
    WHERE m.chat_conversation_id = $1 AND m.actor <> 'system' AND m.id < (SELECT id FROM last_assistant)
    ORDER BY m.id DESC
    LIMIT 1
  )
  SELECT m.id, m.chat_conversation_id, m.actor, m.message, m.created_at
  FROM chat_conversation_message m
  WHERE m.chat_conversation_id = $1 AND m.actor <> 'system'
    AND m.id >= coalesce((SELECT id FROM before_last_assistant), (SELECT id FROM last_assistant), 0)
  ORDER BY m.id`

interface TailRow { id: number, actor: 'user' | 'assistant' | 'system' }

/** trimLastExchange: lock the chat, read the tail, delete the last exchange. Answers the statements sent. */
export async function rawTrimLastExchange(client: pg.ClientBase, userId: number, chatId: number): Promise<number> {
  await client.query('BEGIN')
  try {
    const chat = await client.query('SELECT id FROM chat_conversation WHERE id = $1 AND neptun_user_id = $2 FOR UPDATE', [chatId, userId])
    if (chat.rowCount !== 1) throw new Error(`raw trim: chat ${chatId} not found`)
    const tail = await client.query<TailRow>(TRIM_TAIL_SQL, [chatId])
    const last = tail.rows.at(-1)
    if (!last) throw new Error(`raw trim: chat ${chatId} has no messages left`)
    let ids: number[]
    if (last.actor === 'user') {
      const firstTrailing = tail.rows.findLastIndex(row => row.actor !== 'user') + 1
      ids = tail.rows.slice(firstTrailing).map(row => row.id)
    }
    else {
      const before = tail.rows.at(-2)
      ids = [last.id, ...(before?.actor === 'user' ? [before.id] : [])]
    }
    const deleted = await client.query(`
      DELETE FROM chat_conversation_message
      WHERE chat_conversation_id = $1 AND id = ANY($2::int4[])
      RETURNING id`, [chatId, intArray(ids)])
    if (deleted.rowCount !== ids.length) throw new Error(`raw trim: deleted ${deleted.rowCount} of ${ids.length} messages`)
    await client.query('COMMIT')
    return 3
  }
  catch (error) {
    await client.query('ROLLBACK')
    throw error
  }
}
