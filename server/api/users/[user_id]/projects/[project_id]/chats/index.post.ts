import { createProjectChat } from '#server/database/queries/chats'
import { CreateChatBody } from '#server/schemas/projects'

export default defineEventHandler(async (event) => {
  const userId = await requirePathUser(event)
  const projectId = requireIdParam(event, 'project_id')
  const body = await readJsonBody(event, CreateChatBody)
  const chat = await createProjectChat(await useDb(), userId, projectId, body)
  if (!chat) throw notFound('Project not found')
  setResponseStatus(event, 201, 'Created')
  return { chat }
})
