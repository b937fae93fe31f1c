import type pg from 'pg'

// The soak's data, straight through SQL: each user gets projects of chats to delete, chats with
// long histories to trim, and one bystander user whose data nobody may touch.

export interface SoakUserData {
  projectIds: number[]
  /** Chats to delete, by project. */
  deletable: Map<number, number[]>
  /** Chats to trim (never deleted), with their message counts. */
  trimmable: Map<number, number>
}

export interface SeedShape {
  projectsPerUser: number
  chatsPerProject: number
  messagesPerChat: number
  trimChats: number
  messagesPerTrimChat: number
}

export async function seedUser(client: pg.Client, userId: number, shape: SeedShape): Promise<SoakUserData> {
  const projects = await client.query<{ id: number }>(
    `INSERT INTO neptun_user_project (neptun_user_id, name) SELECT $1, 'Soak project ' || n FROM generate_series(1, $2) n RETURNING id`,
    [userId, shape.projectsPerUser])
  const projectIds = projects.rows.map(row => row.id)
  const deletable = new Map<number, number[]>()
  for (const projectId of projectIds) {
    deletable.set(projectId, await insertChats(client, userId, projectId, shape.chatsPerProject, shape.messagesPerChat))
  }
  const trimIds = await insertChats(client, userId, projectIds[0]!, shape.trimChats, shape.messagesPerTrimChat)
  return { projectIds, deletable, trimmable: new Map(trimIds.map(id => [id, shape.messagesPerTrimChat])) }
}

async function insertChats(client: pg.Client, userId: number, projectId: number, count: number, messages: number): Promise<number[]> {
  const chats = await client.query<{ id: number }>(
    `INSERT INTO chat_conversation (neptun_user_id, name, model)
     SELECT $1, 'Soak chat ' || n, 'google/gemma-2-27b-it' FROM generate_series(1, $2) n RETURNING id`, [userId, count])
  const ids = chats.rows.map(row => row.id)
  await client.query(`INSERT INTO project_chat_conversation (project_id, chat_conversation_id) SELECT $1, unnest($2::int4[])`, [projectId, ids])
  await client.query(
    `INSERT INTO chat_conversation_message (chat_conversation_id, neptun_user_id, actor, message)
     SELECT c, $2, (CASE WHEN m % 2 = 1 THEN 'user' ELSE 'assistant' END)::chat_conversation_message_actor, 'Soak message ' || m
     FROM unnest($1::int4[]) c CROSS JOIN generate_series(1, $3::int) m ORDER BY c, m`, [ids, userId, messages])
  return ids
}

/** Everything a user has, in one string: any change by anybody shows. */
export async function fingerprintUser(client: pg.Client, userId: number): Promise<string> {
  const { rows } = await client.query(`
    SELECT (SELECT count(*) FROM neptun_user_project WHERE neptun_user_id = $1) AS projects,
      (SELECT count(*) FROM chat_conversation WHERE neptun_user_id = $1) AS chats,
      (SELECT max(updated_at) FROM chat_conversation WHERE neptun_user_id = $1) AS chats_updated,
      (SELECT count(*) FROM chat_conversation_message WHERE neptun_user_id = $1) AS messages,
      (SELECT coalesce(sum(id), 0) FROM chat_conversation_message WHERE neptun_user_id = $1) AS message_ids,
      (SELECT count(*) FROM project_chat_conversation l JOIN neptun_user_project p ON p.id = l.project_id WHERE p.neptun_user_id = $1) AS links`, [userId])
  return JSON.stringify(rows[0])
}
