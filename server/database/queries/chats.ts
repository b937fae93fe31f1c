import { and, eq, sql } from 'drizzle-orm'
import type { ChatDetail } from '#shared/types/api'
import type { Db, DbOrTx } from '../client'
import type { Dated } from '../contract'
import { chatConversation, neptunUserProject, projectChatConversation, type Chat } from '../schema'
import { notifyLive } from '#server/live/events'
import { rowsOf, toDate } from './rows'

/**
 * A new chat linked to the user's project, and its `chat.created` notice for the user's live
 * sockets, in one transaction; undefined when the project is not the user's.
 */
export async function createProjectChat(db: Db, userId: number, projectId: number, input: { name: string, model: string }): Promise<Chat | undefined> {
  return db.transaction(async (tx) => {
    // The share lock keeps the project from being deleted between the check and the link.
    const [project] = await tx.select({ id: neptunUserProject.id }).from(neptunUserProject)
      .where(and(eq(neptunUserProject.id, projectId), eq(neptunUserProject.neptun_user_id, userId)))
      .for('share')
    if (!project) return undefined
    const [created] = await tx.insert(chatConversation).values({ neptun_user_id: userId, ...input }).returning()
    await tx.insert(projectChatConversation).values({ project_id: project.id, chat_conversation_id: created!.id })
    await notifyLive(tx, [{ type: 'chat.created', user: userId, chats: [created!.id] }])
    return created!
  })
}

export type ChatWithProjects = Dated<ChatDetail>

/** The user's chat and the user's projects it is linked to, in one statement that also checks the owner. */
export async function findChatWithProjects(db: DbOrTx, userId: number, chatId: number): Promise<ChatWithProjects | undefined> {
  const [chat] = await rowsOf<Omit<ChatWithProjects, 'created_at' | 'updated_at'> & { created_at: Date | string, updated_at: Date | string }>(db, sql`
    SELECT c.id, c.uuid, c.neptun_user_id, c.name, c.model, c.created_at, c.updated_at,
      coalesce(array_agg(p.id ORDER BY p.id) FILTER (WHERE p.id IS NOT NULL), '{}') AS project_ids
    FROM chat_conversation c
    LEFT JOIN project_chat_conversation l ON l.chat_conversation_id = c.id
    LEFT JOIN neptun_user_project p ON p.id = l.project_id AND p.neptun_user_id = c.neptun_user_id
    WHERE c.id = ${chatId} AND c.neptun_user_id = ${userId}
    GROUP BY c.id`)
  if (!chat) return undefined
  return { ...chat, created_at: toDate(chat.created_at), updated_at: toDate(chat.updated_at), project_ids: chat.project_ids.map(Number) }
}
