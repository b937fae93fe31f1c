import { z } from 'zod'
import { deleteProjectChats } from '#server/database/queries/project-chats'

const Body = z.object({
  chat_ids: z.array(z.number().int().min(1).max(2_147_483_647)).min(1).max(1000),
})

const invalidBody = () => apiError(400, 'Invalid body(chat_ids)')

export default defineEventHandler(async (event) => {
  const user = await readPathSession(event)
  const projectId = requireIdParam(event, 'project_id')
  const { chat_ids } = await readJsonBody(event, Body, invalidBody)
  const result = await deleteProjectChats(await useDb(), user, projectId, chat_ids)
  if (result.kind === 'project_not_found') throw await notFoundUnlessRevoked(user, 'Project not found')
  if (result.kind === 'chats_not_found') throw notFound('Chat not found', { missing_chat_ids: result.missingChatIds })
  return true
})
