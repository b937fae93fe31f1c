import { sql } from 'drizzle-orm'
import { CreateMessagesBody } from '../../../../../../schemas/projects'

interface Row {
  id: number
  chat_conversation_id: number
  actor: 'user' | 'assistant' | 'system'
  message: string
  created_at: Date | string
}

export default defineEventHandler(async (event) => {
  const userId = await requirePathUser(event)
  const chatId = requireIdParam(event, 'chat_id')
  const { messages } = await readJsonBody(event, CreateMessagesBody)
  const db = await useDb()
  // One statement inserts them all, in the order given, and only into a chat of this user.
  const rows = await rowsOf<Row>(db, sql`
    INSERT INTO chat_conversation_message (chat_conversation_id, neptun_user_id, actor, message)
    SELECT c.id, c.neptun_user_id, v.actor::chat_conversation_message_actor, v.message
    FROM chat_conversation c
    CROSS JOIN ROWS FROM (json_to_recordset(${JSON.stringify(messages)}::json) AS (actor text, message text))
      WITH ORDINALITY AS v(actor, message, ord)
    WHERE c.id = ${chatId} AND c.neptun_user_id = ${userId}
    ORDER BY v.ord
    RETURNING id, chat_conversation_id, actor, message, created_at`)
  if (rows.length === 0) throw notFound('Chat not found')
  setResponseStatus(event, 201, 'Created')
  return { messages: rows.sort((a, b) => a.id - b.id).map(row => ({ ...row, created_at: toDate(row.created_at) })) }
})
