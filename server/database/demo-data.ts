import { count, eq } from 'drizzle-orm'
import type { Db } from './client'
import { chatConversation, chatConversationMessage, neptunUser, neptunUserProject, projectChatConversation } from './schema'
import { DEMO_ACCOUNT, demoProjects, type DemoMessage } from './demo-content'

/** Seeds the demo account on an empty database; answers whether it did. */
export async function seedDemoDataIfEmpty(db: Db, hash: (password: string) => Promise<string>): Promise<boolean> {
  const [users] = await db.select({ n: count() }).from(neptunUser)
  if (users && users.n > 0) return false
  await seedDemoData(db, hash)
  console.info(`[neptun] demo account created: ${DEMO_ACCOUNT.email} / ${DEMO_ACCOUNT.password}`)
  return true
}

export async function seedDemoData(db: Db, hash: (password: string) => Promise<string>): Promise<void> {
  const hashed_password = await hash(DEMO_ACCOUNT.password)
  await db.transaction(async (tx) => {
    const [user] = await tx.insert(neptunUser).values({ primary_email: DEMO_ACCOUNT.email, hashed_password })
      .onConflictDoUpdate({ target: neptunUser.primary_email, set: { hashed_password } })
      .returning({ id: neptunUser.id })
    const userId = user!.id
    const now = Date.now()
    for (const demo of demoProjects(now)) {
      const [project] = await tx.insert(neptunUserProject)
        .values({ neptun_user_id: userId, name: demo.name, description: demo.description })
        .returning({ id: neptunUserProject.id })
      for (const chat of demo.chats) {
        const [created] = await tx.insert(chatConversation).values({
          neptun_user_id: userId, name: chat.name, model: chat.model,
          created_at: chat.createdAt, updated_at: chat.createdAt,
        }).returning({ id: chatConversation.id })
        const chatId = created!.id
        await tx.insert(projectChatConversation).values({ project_id: project!.id, chat_conversation_id: chatId })
        if (chat.messages.length === 0) continue
        await tx.insert(chatConversationMessage).values(chat.messages.map((m: DemoMessage) => ({
          chat_conversation_id: chatId, neptun_user_id: userId, actor: m.actor, message: m.message,
          created_at: m.at, updated_at: m.at,
        })))
        // The message trigger moved updated_at to now; the demo wants the last message's time.
        await tx.update(chatConversation).set({ updated_at: chat.updatedAt }).where(eq(chatConversation.id, chatId))
      }
    }
  })
}
