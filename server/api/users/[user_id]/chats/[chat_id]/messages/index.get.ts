import { sql } from 'drizzle-orm'

interface Row {
  chat_id: number
  id: number | null
  chat_conversation_id: number | null
  actor: 'user' | 'assistant' | 'system' | null
  message: string | null
  created_at: Date | string | null
}

export default defineEventHandler(async (event) => {
  const userId = await requirePathUser(event)
  const chatId = requireIdParam(event, 'chat_id')
  const db = await useDb()
  // One statement finds the owned chat and its messages: no row at all means not found,
  // one row of NULLs means an empty chat.
  const rows = await rowsOf<Row>(db, sql`
    SELECT c.id AS chat_id, m.id, m.chat_conversation_id, m.actor, m.message, m.created_at
    FROM chat_conversation c
    LEFT JOIN chat_conversation_message m ON m.chat_conversation_id = c.id
    WHERE c.id = ${chatId} AND c.neptun_user_id = ${userId}
    ORDER BY m.id`)
  if (rows.length === 0) throw notFound('Chat not found')
  const messages = rows.filter(row => row.id !== null)
    .map(({ chat_id: _chatId, created_at, ...message }) => ({ ...message, created_at: toDate(created_at!) }))
  return { messages }
})
