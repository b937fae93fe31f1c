import { sql } from 'drizzle-orm'
import type { DbOrTx } from '#server/database/client'
import { rowsOf } from '#server/database/queries/rows'
import { ownerId, sessionCurrent, type Owner } from '#server/database/queries/session-scope'
import { queueLiveNotices } from '#server/live/events'

// The import's SQL: a constant number of statements per chunk, whatever its size. Rows travel as
// one JSON parameter each (json_to_recordset), never one statement per chat or message.

/** Whether the project is the owner's (and, for a session, the session current): checked before the body is read. */
export async function importProjectFound(db: DbOrTx, owner: Owner, projectId: number): Promise<boolean> {
  const rows = await rowsOf<{ found: boolean }>(db, sql`
    SELECT EXISTS (
      SELECT 1 FROM neptun_user_project p WHERE p.id = ${projectId} AND p.neptun_user_id = ${ownerId(owner)} AND ${sessionCurrent(owner)}
    ) AS found`)
  return rows[0]?.found === true
}

export interface ChunkChat {
  /** Its place in the chunk. */
  ord: number
  name: string
  model: string
  kept: boolean
  created_at: string
  updated_at: string
}

/** A message of a chat of this chunk (`chat`: its ord) or of one an earlier chunk wrote (`chat_id`). */
export interface ChunkMessage {
  n: number
  chat: number | null
  chat_id: number | null
  actor: string
  message: string
  created_at: string
  updated_at: string
}

export type ChunkResult = { projectFound: false } | { projectFound: true, chats: { ord: number, id: number, uuid: string }[] }

/**
 * One statement: the chunk's chats (new ids in their order, new uuids, their times as given), their
 * links to the project, and the chunk's messages (ids in their order). The project must be the
 * owner's and the session current; its row is key-share locked, so it cannot be deleted under the
 * import. The messages' insert trigger moves the chats' updated_at to now(): finishImport puts the
 * exported times back.
 */
export async function insertImportChunk(tx: DbOrTx, owner: Owner, projectId: number, chats: ChunkChat[], messages: ChunkMessage[]): Promise<ChunkResult> {
  const userId = ownerId(owner)
  const [row] = await rowsOf<{ project_found: boolean, chats: { ord: number, id: number, uuid: string }[] | string }>(tx, sql`
    WITH p AS (
      SELECT p.id FROM neptun_user_project p
      WHERE p.id = ${projectId} AND p.neptun_user_id = ${userId} AND ${sessionCurrent(owner)}
      FOR KEY SHARE OF p
    ), x AS MATERIALIZED (
      SELECT r.ord, r.name, r.model, r.kept, r.created_at, r.updated_at, gen_random_uuid() AS uuid
      FROM json_to_recordset(${JSON.stringify(chats)}::json)
        AS r(ord int4, name text, model text, kept boolean, created_at timestamptz, updated_at timestamptz)
      WHERE EXISTS (SELECT 1 FROM p)
    ), c AS (
      INSERT INTO chat_conversation (uuid, neptun_user_id, name, model, kept, created_at, updated_at)
      SELECT x.uuid, ${userId}, x.name, x.model, x.kept, x.created_at, x.updated_at FROM x ORDER BY x.ord
      RETURNING id, uuid
    ), cx AS (
      SELECT x.ord, c.id, c.uuid FROM x JOIN c ON c.uuid = x.uuid
    ), l AS (
      INSERT INTO project_chat_conversation (project_id, chat_conversation_id)
      SELECT p.id, cx.id FROM p CROSS JOIN cx
    ), m AS (
      INSERT INTO chat_conversation_message (chat_conversation_id, neptun_user_id, actor, message, created_at, updated_at)
      SELECT coalesce(r.chat_id, cx.id), ${userId}, r.actor::chat_conversation_message_actor, r.message, r.created_at, r.updated_at
      FROM json_to_recordset(${JSON.stringify(messages)}::json)
        AS r(n int4, chat int4, chat_id int4, actor text, message text, created_at timestamptz, updated_at timestamptz)
      LEFT JOIN cx ON cx.ord = r.chat
      WHERE EXISTS (SELECT 1 FROM p)
      ORDER BY r.n
    )
    SELECT EXISTS (SELECT 1 FROM p) AS project_found,
      coalesce((SELECT json_agg(json_build_object('ord', cx.ord, 'id', cx.id, 'uuid', cx.uuid) ORDER BY cx.ord) FROM cx), '[]') AS chats`)
  if (!row?.project_found) return { projectFound: false }
  const created = typeof row.chats === 'string' ? JSON.parse(row.chats) as { ord: number, id: number, uuid: string }[] : row.chats
  return { projectFound: true, chats: created }
}

/**
 * Last, for a chunk of the imported chats: their updated_at as exported (the update sets it, so the
 * touch trigger keeps it; a chat without messages already has it and is left alone), and
 * `chat.created` for the user's live sockets, sent when the import commits.
 */
export async function finishImport(tx: DbOrTx, userId: number, chats: { id: number, updated_at: string }[]): Promise<void> {
  await tx.execute(sql`
    WITH t AS (
      SELECT * FROM json_to_recordset(${JSON.stringify(chats)}::json) AS t(id int4, updated_at timestamptz)
    ), u AS (
      UPDATE chat_conversation c SET updated_at = t.updated_at
      FROM t
      WHERE c.id = t.id AND c.neptun_user_id = ${userId} AND c.updated_at IS DISTINCT FROM t.updated_at
      RETURNING c.id
    )
    SELECT (SELECT count(*) FROM u) AS touched, ${queueLiveNotices([{ type: 'chat.created', user: userId, chats: chats.map(chat => chat.id) }])} AS notices`)
}
