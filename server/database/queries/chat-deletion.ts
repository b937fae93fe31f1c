import { sql, type SQL } from 'drizzle-orm'
import type { Tx } from '../client'
import { rowsOf } from './rows'

// What every chat delete runs before the DELETE of the chats themselves (which writes the receipt
// with these counts): the cookie routes, v1, the retention sweep and account deletion.

/** What deleteMessagesAndLinks removed, for the receipt. */
export interface RemovedMessagesAndLinks {
  messages: number
  links: number
  /** The projects whose links went, ascending. */
  projectIds: number[]
}

/**
 * The two DELETEs before a chat's own: the messages, then the project links, of the chats that
 * `chats` (`= 5`, `= ANY(…)`) picks, each answering what it removed (2 statements).
 */
export async function deleteMessagesAndLinks(tx: Tx, chats: SQL): Promise<RemovedMessagesAndLinks> {
  const [messages] = await rowsOf<{ n: number }>(tx, sql`
    WITH gone AS (DELETE FROM chat_conversation_message WHERE chat_conversation_id ${chats} RETURNING 1)
    SELECT count(*)::int4 AS n FROM gone`)
  const [links] = await rowsOf<{ n: number, project_ids: number[] | string }>(tx, sql`
    WITH gone AS (DELETE FROM project_chat_conversation WHERE chat_conversation_id ${chats} RETURNING project_id)
    SELECT count(*)::int4 AS n, array_to_string(ARRAY(SELECT DISTINCT project_id FROM gone ORDER BY 1), ',') AS project_ids FROM gone`)
  const projectIds = String(links?.project_ids ?? '')
  return {
    messages: Number(messages?.n ?? 0),
    links: Number(links?.n ?? 0),
    projectIds: projectIds === '' ? [] : projectIds.split(',').map(Number),
  }
}
