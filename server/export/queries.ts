import { sql, type SQL } from 'drizzle-orm'
import type { DbOrTx } from '#server/database/client'
import { listFilters } from '#server/database/queries/project-chats-list'
import { intArray, rowsOf } from '#server/database/queries/rows'
import { ownerId, sessionCurrent, type Owner } from '#server/database/queries/session-scope'
import { EXPORT_FORMAT, EXPORT_FORMAT_VERSION } from '#shared/types/export'

// The export's SQL. Postgres builds each chat's two files as text (the JSON compact, in the
// ExportedChat's key order; the Markdown for people), a page of chats with all their messages per
// statement, so Node only compresses and sends: no row object per message.

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

const MESSAGE_JSON = `'{"id":' || m.id || ',"actor":"' || m.actor || '","message":' || to_json(m.message)::text
  || ',"created_at":"' || ${iso('m.created_at')} || '","updated_at":"' || ${iso('m.updated_at')} || '"}'`
const MESSAGE_MD = `'## ' || initcap(m.actor::text) || ' · ' || ${iso('m.created_at')} || E'\\n\\n' || m.message`

const PROJECTS_JSON = `(SELECT coalesce(string_agg('{"id":' || lp.id || ',"name":' || to_json(lp.name)::text || '}', ',' ORDER BY lp.id), '')
  FROM project_chat_conversation ll JOIN neptun_user_project lp ON lp.id = ll.project_id AND lp.neptun_user_id = c.neptun_user_id
  WHERE ll.chat_conversation_id = c.id)`

const CHAT_JSON = sql.raw(`'{"format":"${EXPORT_FORMAT}","format_version":${EXPORT_FORMAT_VERSION},"chat":{"id":' || c.id || ',"uuid":"' || c.uuid
  || '","name":' || to_json(c.name)::text || ',"model":' || to_json(c.model)::text || ',"kept":' || c.kept
  || ',"created_at":"' || ${iso('c.created_at')} || '","updated_at":"' || ${iso('c.updated_at')}
  || '"},"projects":[' || ${PROJECTS_JSON} || '],"messages":[' || coalesce(m.json, '') || ']}'`)

const CHAT_MD = sql.raw(`'# ' || c.name || E'\\n\\n'
  || '- Model: ' || c.model || E'\\n' || '- Created: ' || ${iso('c.created_at')} || E'\\n' || '- Updated: ' || ${iso('c.updated_at')} || E'\\n'
  || '- Kept: ' || CASE WHEN c.kept THEN 'yes' ELSE 'no' END || E'\\n' || '- Chat id: ' || c.uuid || E'\\n'
  || '- Messages: ' || m.n || E'\\n' || coalesce(E'\\n' || m.md || E'\\n', '')`)

export interface ExportPageRow {
  id: number
  uuid: string
  messages: number
  json: string
  md: string
}

export interface ExportPage {
  project: { id: number, name: string }
  chats: ExportPageRow[]
}

/** Which chats of the project: given ids, or the listing's filters (none: every chat). */
export type ExportSelection = { chatIds: readonly number[] } | { q?: string, kept?: boolean }

function selectionFilters(selection: ExportSelection): SQL[] {
  if ('chatIds' in selection) return [sql`c.id = ANY(${intArray([...selection.chatIds])}::int4[])`]
  return listFilters(selection)
}

/**
 * Up to `limit` chats of the user's project after chat id `after`, in id order, with their files.
 * undefined: not the user's project (or a revoked session). The project is the outer row, so the
 * chats are read only for its owner.
 */
export async function readExportPage(db: DbOrTx, owner: Owner, projectId: number, selection: ExportSelection, after: number, limit: number): Promise<ExportPage | undefined> {
  const userId = ownerId(owner)
  const rows = await rowsOf<{ project_name: string } & { [K in keyof ExportPageRow]: ExportPageRow[K] | null }>(db, sql`
    SELECT p.name AS project_name, c.id, c.uuid, c.messages, c.json, c.md
    FROM neptun_user_project p
    LEFT JOIN LATERAL (
      SELECT c.id, c.uuid, m.n AS messages, ${CHAT_JSON} AS json, ${CHAT_MD} AS md
      FROM chat_conversation c
      CROSS JOIN LATERAL (
        SELECT count(*)::int4 AS n,
          string_agg(${sql.raw(MESSAGE_JSON)}, ',' ORDER BY m.id) AS json,
          string_agg(${sql.raw(MESSAGE_MD)}, E'\\n\\n' ORDER BY m.id) AS md
        FROM chat_conversation_message m WHERE m.chat_conversation_id = c.id
      ) m
      WHERE ${sql.join([
        sql`c.neptun_user_id = p.neptun_user_id AND c.id > ${after}`,
        sql`EXISTS (SELECT 1 FROM project_chat_conversation l WHERE l.project_id = p.id AND l.chat_conversation_id = c.id)`,
        ...selectionFilters(selection),
      ], sql` AND `)}
      ORDER BY c.id
      LIMIT ${limit}
    ) c ON true
    WHERE p.id = ${projectId} AND p.neptun_user_id = ${userId} AND ${sessionCurrent(owner)}`)
  if (!rows[0]) return undefined
  return {
    project: { id: projectId, name: rows[0].project_name },
    chats: rows.flatMap(row => row.id === null ? [] : [{ id: Number(row.id), uuid: row.uuid!, messages: Number(row.messages), json: row.json!, md: row.md! }]),
  }
}

/** The ids of `chatIds` that are not the user's chats linked to the project (checked before a selection's export starts). */
export async function missingExportChats(db: DbOrTx, userId: number, projectId: number, chatIds: readonly number[]): Promise<number[]> {
  const rows = await rowsOf<{ id: number }>(db, sql`
    SELECT w.id FROM unnest(${intArray([...chatIds])}::int4[]) AS w(id)
    WHERE NOT EXISTS (
      SELECT 1 FROM chat_conversation c JOIN project_chat_conversation l ON l.chat_conversation_id = c.id AND l.project_id = ${projectId}
      WHERE c.id = w.id AND c.neptun_user_id = ${userId})
    ORDER BY w.id`)
  return rows.map(row => Number(row.id))
}

/** One chat of the user as an ExportedChat's JSON text (the v1 export), by its uuid. */
export async function readExportedChatJson(db: DbOrTx, userId: number, chatUuid: string): Promise<string | undefined> {
  const rows = await rowsOf<{ json: string }>(db, sql`
    SELECT ${CHAT_JSON} AS json
    FROM chat_conversation c
    CROSS JOIN LATERAL (
      SELECT string_agg(${sql.raw(MESSAGE_JSON)}, ',' ORDER BY m.id) AS json
      FROM chat_conversation_message m WHERE m.chat_conversation_id = c.id
    ) m
    WHERE c.uuid = ${chatUuid}::uuid AND c.neptun_user_id = ${userId}`)
  return rows[0]?.json
}
