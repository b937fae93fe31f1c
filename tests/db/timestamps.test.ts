import { randomUUID } from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OpenDatabase } from '../../server/database/client'
import { chatConversation, chatConversationMessage, neptunUser, neptunUserProject } from '../../server/database/schema'
import { openTestDatabase } from '../helpers/database'

let open: OpenDatabase
beforeAll(async () => {
  open = await openTestDatabase()
})
afterAll(() => open.close())

const LONG_AGO = new Date('2020-01-01T00:00:00Z')

async function userWithChat() {
  const [user] = await open.db.insert(neptunUser).values({ primary_email: `${randomUUID()}@example.test`, hashed_password: 'x' }).returning()
  const [chat] = await open.db.insert(chatConversation)
    .values({ neptun_user_id: user!.id, name: 'c', model: 'm', created_at: LONG_AGO, updated_at: LONG_AGO }).returning()
  return { user: user!, chat: chat! }
}

async function chatUpdatedAt(chatId: number): Promise<Date> {
  const [row] = await open.db.select({ updated_at: chatConversation.updated_at }).from(chatConversation).where(eq(chatConversation.id, chatId))
  return row!.updated_at
}

describe('updated_at', () => {
  it('moves when a row changes without setting it, and stays when the statement sets it', async () => {
    const { user } = await userWithChat()
    const [project] = await open.db.insert(neptunUserProject)
      .values({ neptun_user_id: user.id, name: 'p', created_at: LONG_AGO, updated_at: LONG_AGO }).returning()
    const [renamed] = await open.db.update(neptunUserProject).set({ name: 'q' }).where(eq(neptunUserProject.id, project!.id)).returning()
    expect(renamed!.updated_at.getTime()).toBeGreaterThan(LONG_AGO.getTime())
    const imported = new Date('2021-05-05T00:00:00Z')
    const [kept] = await open.db.update(neptunUserProject).set({ name: 'r', updated_at: imported }).where(eq(neptunUserProject.id, project!.id)).returning()
    expect(kept!.updated_at).toEqual(imported)
  })

  it('of a chat moves when its messages are inserted, changed or deleted', async () => {
    const { user, chat } = await userWithChat()
    const [message] = await open.db.insert(chatConversationMessage)
      .values({ chat_conversation_id: chat.id, neptun_user_id: user.id, actor: 'user', message: 'hi' }).returning()
    expect((await chatUpdatedAt(chat.id)).getTime()).toBeGreaterThan(LONG_AGO.getTime())

    for (const change of [
      () => open.db.update(chatConversationMessage).set({ message: 'edited' }).where(eq(chatConversationMessage.id, message!.id)),
      () => open.db.delete(chatConversationMessage).where(eq(chatConversationMessage.id, message!.id)),
    ]) {
      await open.db.update(chatConversation).set({ updated_at: LONG_AGO }).where(eq(chatConversation.id, chat.id))
      await change()
      expect((await chatUpdatedAt(chat.id)).getTime()).toBeGreaterThan(LONG_AGO.getTime())
    }
  })

  it('of other chats stays when one chat\'s messages change', async () => {
    const { user, chat } = await userWithChat()
    const { chat: other } = await userWithChat()
    await open.db.insert(chatConversationMessage).values({ chat_conversation_id: chat.id, neptun_user_id: user.id, actor: 'user', message: 'hi' })
    expect(await chatUpdatedAt(other.id)).toEqual(LONG_AGO)
  })
})

describe('schema', () => {
  it('stores timestamps with time zone and gives every chat a unique uuid', async () => {
    const { chat } = await userWithChat()
    const { chat: other } = await userWithChat()
    expect(chat.uuid).not.toEqual(other.uuid)
    const rows = await open.db.execute(sql`SELECT data_type FROM information_schema.columns WHERE table_name = 'chat_conversation' AND column_name = 'updated_at'`)
    expect((rows as unknown as { rows: { data_type: string }[] }).rows[0]!.data_type).toBe('timestamp with time zone')
  })

  it('deletes a user\'s chats and messages with the user', async () => {
    const { user, chat } = await userWithChat()
    await open.db.insert(chatConversationMessage).values({ chat_conversation_id: chat.id, neptun_user_id: user.id, actor: 'user', message: 'hi' })
    await open.db.delete(neptunUser).where(eq(neptunUser.id, user.id))
    expect(await open.db.select().from(chatConversation).where(eq(chatConversation.id, chat.id))).toEqual([])
    expect(await open.db.select().from(chatConversationMessage).where(eq(chatConversationMessage.chat_conversation_id, chat.id))).toEqual([])
  })
})
