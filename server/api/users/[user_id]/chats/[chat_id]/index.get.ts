import { sql } from 'drizzle-orm'

interface Row {
  id: number
  uuid: string
  neptun_user_id: number
  name: string
  model: string
  created_at: Date | string
  updated_at: Date | string
  project_ids: number[]
}

export default defineEventHandler(async (event) => {
  const userId = await requirePathUser(event)
  const chatId = requireIdParam(event, 'chat_id')
  // The chat and the user's projects it is linked to, in one statement that also checks the owner.
  const [chat] = await rowsOf<Row>(await useDb(), sql`
    SELECT c.id, c.uuid, c.neptun_user_id, c.name, c.model, c.created_at, c.updated_at,
      coalesce(array_agg(p.id ORDER BY p.id) FILTER (WHERE p.id IS NOT NULL), '{}') AS project_ids
    FROM chat_conversation c
    LEFT JOIN project_chat_conversation l ON l.chat_conversation_id = c.id
    LEFT JOIN neptun_user_project p ON p.id = l.project_id AND p.neptun_user_id = c.neptun_user_id
    WHERE c.id = ${chatId} AND c.neptun_user_id = ${userId}
    GROUP BY c.id`)
  if (!chat) throw notFound('Chat not found')
  return { chat: { ...chat, created_at: toDate(chat.created_at), updated_at: toDate(chat.updated_at), project_ids: chat.project_ids.map(Number) } }
})
