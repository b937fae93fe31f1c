import { PROJECT_CHAT_SORT_COLUMNS } from '#shared/utils/chat-sort'
import { listProjectChats } from '#server/database/queries/project-chats'

const ORDER_BY = {
  columns: PROJECT_CHAT_SORT_COLUMNS,
  fallback: [{ column: 'updated_at', direction: 'desc' }],
  tieBreaker: 'id',
} as const

export default defineEventHandler(async (event) => {
  const userId = await requirePathUser(event)
  const projectId = requireIdParam(event, 'project_id')
  const order = parseOrderBy(getQuery(event).order_by, ORDER_BY)
  const result = await listProjectChats(await useDb(), userId, projectId, order)
  if (result.kind === 'project_not_found') throw notFound('Project not found')
  return { chats: result.chats }
})
