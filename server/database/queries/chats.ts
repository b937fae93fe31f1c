import { and, eq, sql } from 'drizzle-orm'
import type { ChatDetail, ChatRecord, ChatUpdate } from '#shared/types/api'
import type { Db, DbOrTx } from '../client'
import type { Dated } from '../contract'
import { chatConversation, neptunUserProject, projectChatConversation, type Chat } from '../schema'
import { notifyLive, queueLiveNotices } from '#server/live/events'
import { rowsOf, toDate } from './rows'
import { ownerId, sessionCurrent, type Owner } from './session-scope'

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
    SELECT c.id, c.uuid, c.neptun_user_id, c.name, c.model, c.created_at, c.updated_at, c.kept,
      coalesce(array_agg(p.id ORDER BY p.id) FILTER (WHERE p.id IS NOT NULL), '{}') AS project_ids
    FROM chat_conversation c
    LEFT JOIN project_chat_conversation l ON l.chat_conversation_id = c.id
    LEFT JOIN neptun_user_project p ON p.id = l.project_id AND p.neptun_user_id = c.neptun_user_id
    WHERE c.id = ${chatId} AND c.neptun_user_id = ${userId}
    GROUP BY c.id`)
  if (!chat) return undefined
  return { ...chat, created_at: toDate(chat.created_at), updated_at: toDate(chat.updated_at), project_ids: chat.project_ids.map(Number) }
}

export type UpdateProjectChatResult
  = | { kind: 'project_not_found' }
    | { kind: 'chat_not_found' }
    | { kind: 'updated', chat: Dated<ChatRecord> }

/**
 * Renames the user's chat linked to the user's project and/or sets its keep, in one statement that
 * also checks the project, the link and (for a session) that the session is current. Like every
 * change of a chat, it moves updated_at (the touch trigger); a change queues `chat.updated` for
 * the user's live sockets in the same statement (the CASE runs the notice only when a row changed).
 */
export async function updateProjectChat(db: DbOrTx, owner: Owner, projectId: number, chatId: number, change: ChatUpdate): Promise<UpdateProjectChatResult> {
  const userId = ownerId(owner)
  const [row] = await rowsOf<{ project_found: boolean } & Partial<Omit<Dated<ChatRecord>, 'created_at' | 'updated_at'> & { created_at: Date | string, updated_at: Date | string }>>(db, sql`
    WITH p AS (
      SELECT p.id FROM neptun_user_project p
      WHERE p.id = ${projectId} AND p.neptun_user_id = ${userId} AND ${sessionCurrent(owner)}
    ), u AS (
      UPDATE chat_conversation c
      SET name = coalesce(${change.name ?? null}::text, c.name), kept = coalesce(${change.kept ?? null}::boolean, c.kept)
      FROM p
      WHERE c.id = ${chatId} AND c.neptun_user_id = ${userId}
        AND EXISTS (SELECT 1 FROM project_chat_conversation l WHERE l.project_id = p.id AND l.chat_conversation_id = c.id)
      RETURNING c.id, c.neptun_user_id, c.model, c.name, c.created_at, c.updated_at, c.kept, c.uuid
    )
    SELECT EXISTS (SELECT 1 FROM p) AS project_found, u.*,
      CASE WHEN EXISTS (SELECT 1 FROM u) THEN ${queueLiveNotices([{ type: 'chat.updated', user: userId, chats: [chatId] }])} END AS notices
    FROM (SELECT 1) one LEFT JOIN u ON true`)
  if (!row?.project_found) return { kind: 'project_not_found' }
  if (row.id === undefined || row.id === null) return { kind: 'chat_not_found' }
  const { project_found: _, notices: __, ...chat } = row as typeof row & { notices?: unknown }
  return { kind: 'updated', chat: { ...chat as Omit<Dated<ChatRecord>, 'created_at' | 'updated_at'>, created_at: toDate(chat.created_at!), updated_at: toDate(chat.updated_at!) } }
}
