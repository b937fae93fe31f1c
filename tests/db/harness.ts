import { randomUUID } from 'node:crypto'
import { eq, inArray } from 'drizzle-orm'
import { isTransactionControl, type Db, type OpenDatabase } from '../../server/database/client'
import { chatConversation, chatConversationMessage, neptunUser, neptunUserProject, projectChatConversation, type MessageActor } from '../../server/database/schema'
import type { ReceiptSource } from '../../server/receipts/source'
import { openTestDatabase } from '../helpers/database'

/**
 * The data layer in-process, on PGlite (memory) or on the test Postgres, with a logger that counts
 * statements and can throw on the N-th one: drizzle logs a statement before sending it, so the
 * throw aborts that statement in the middle of the transaction.
 */
export class FaultyDatabase {
  private constructor(readonly open: OpenDatabase, private readonly faults: { statements: number, failOn: number }) {}

  static async open(): Promise<FaultyDatabase> {
    const faults = { statements: 0, failOn: 0 }
    const open = await openTestDatabase({
      logQuery(query: string) {
        if (isTransactionControl(query)) return
        faults.statements++
        if (faults.statements === faults.failOn) throw new Error(`injected failure before statement ${faults.statements}: ${query.slice(0, 60)}`)
      },
    })
    return new FaultyDatabase(open, faults)
  }

  get db(): Db {
    return this.open.db
  }

  /** Runs `run` counting its statements; with `failOn`, the failOn-th statement throws. */
  async run<T>(run: (db: Db) => Promise<T>, failOn = 0): Promise<{ result?: T, error?: unknown, statements: number }> {
    this.faults.statements = 0
    this.faults.failOn = failOn
    try {
      const result = await run(this.db)
      return { result, statements: this.faults.statements }
    }
    catch (error) {
      return { error, statements: this.faults.statements }
    }
    finally {
      this.faults.failOn = 0
    }
  }

  close() {
    return this.open.close()
  }
}

export async function insertUser(db: Db): Promise<number> {
  const [user] = await db.insert(neptunUser).values({ primary_email: `db-${randomUUID()}@example.test`, hashed_password: 'not a hash' }).returning({ id: neptunUser.id })
  return user!.id
}

export async function insertProject(db: Db, userId: number): Promise<number> {
  const [project] = await db.insert(neptunUserProject).values({ neptun_user_id: userId, name: 'Project' }).returning({ id: neptunUserProject.id })
  return project!.id
}

/** A chat of `userId` linked into `projectId` (whoever owns the project), with messages. */
export async function insertChat(db: Db, userId: number, projectId: number, actors: MessageActor[] = ['user', 'assistant'], name = 'Chat'): Promise<number> {
  const [chat] = await db.insert(chatConversation).values({ neptun_user_id: userId, name, model: 'test/model' }).returning({ id: chatConversation.id })
  await db.insert(projectChatConversation).values({ project_id: projectId, chat_conversation_id: chat!.id })
  if (actors.length > 0) {
    await db.insert(chatConversationMessage).values(actors.map((actor, i) => ({ chat_conversation_id: chat!.id, neptun_user_id: userId, actor, message: `${actor} ${i + 1}` })))
  }
  return chat!.id
}

/** Everything stored about some chats: rows, links and messages, in a stable order. */
export async function stateOf(db: Db, chatIds: number[]) {
  return {
    chats: await db.select().from(chatConversation).where(inArray(chatConversation.id, chatIds)).orderBy(chatConversation.id),
    links: await db.select().from(projectChatConversation).where(inArray(projectChatConversation.chat_conversation_id, chatIds))
      .orderBy(projectChatConversation.chat_conversation_id, projectChatConversation.project_id),
    messages: await db.select().from(chatConversationMessage).where(inArray(chatConversationMessage.chat_conversation_id, chatIds)).orderBy(chatConversationMessage.id),
  }
}

export async function messageIdsOf(db: Db, chatId: number): Promise<number[]> {
  const rows = await db.select({ id: chatConversationMessage.id }).from(chatConversationMessage)
    .where(eq(chatConversationMessage.chat_conversation_id, chatId)).orderBy(chatConversationMessage.id)
  return rows.map(row => row.id)
}

/** The receipt source of the data-layer tests' deletions. */
export const TEST_RECEIPT: ReceiptSource = { actor: { kind: 'user' }, route: 'test', requestId: null }
