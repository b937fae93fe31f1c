import { and, eq } from 'drizzle-orm'
import { chatConversation, neptunUserProject, projectChatConversation } from '../../../../../../database/schema'
import { CreateChatBody } from '../../../../../../schemas/projects'

export default defineEventHandler(async (event) => {
  const userId = await requirePathUser(event)
  const projectId = requireIdParam(event, 'project_id')
  const { name, model } = await readJsonBody(event, CreateChatBody)
  const db = await useDb()
  const chat = await db.transaction(async (tx) => {
    // The share lock keeps the project from being deleted between the check and the link.
    const [project] = await tx.select({ id: neptunUserProject.id }).from(neptunUserProject)
      .where(and(eq(neptunUserProject.id, projectId), eq(neptunUserProject.neptun_user_id, userId)))
      .for('share')
    if (!project) throw notFound('Project not found')
    const [created] = await tx.insert(chatConversation).values({ neptun_user_id: userId, name, model }).returning()
    await tx.insert(projectChatConversation).values({ project_id: project.id, chat_conversation_id: created!.id })
    return created!
  })
  setResponseStatus(event, 201, 'Created')
  return { chat }
})
