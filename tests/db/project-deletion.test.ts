import { eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deleteProjectStep } from '../../server/database/queries/project-deletion'
import { deletionReceipts, neptunUserProject, projectChatConversation, projectRetentionPolicy } from '../../server/database/schema'
import { FaultyDatabase, insertChat, insertProject, insertUser, stateOf, TEST_RECEIPT } from './harness'

// Deleting a project step by step (server/database/queries/project-deletion.ts), in-process.

let fdb: FaultyDatabase
beforeAll(async () => {
  fdb = await FaultyDatabase.open()
})
afterAll(async () => {
  await fdb?.close()
})

describe('deleteProjectStep', () => {
  it('deletes the chats of no other project, only unlinks those shared with another project or another user\'s, then the project', async () => {
    const { db } = fdb
    const user = await insertUser(db)
    const stranger = await insertUser(db)
    const project = await insertProject(db, user)
    const other = await insertProject(db, user)
    const own = await insertChat(db, user, project, ['user', 'assistant', 'user'])
    const shared = await insertChat(db, user, project, ['user'])
    await db.insert(projectChatConversation).values({ project_id: other, chat_conversation_id: shared })
    const foreign = await insertChat(db, stranger, project, ['user'])
    await db.insert(projectRetentionPolicy).values({ project_id: project, days: 30 })

    const step = await deleteProjectStep(db, user, project, TEST_RECEIPT)
    expect(step).toEqual({ kind: 'step', projectDeleted: true, chatsDeleted: 1, chatsUnlinked: 2, chatsRemaining: 0, receiptId: expect.any(String) })
    expect(await stateOf(db, [own])).toEqual({ chats: [], links: [], messages: [] })
    const sharedState = await stateOf(db, [shared])
    expect(sharedState.chats).toHaveLength(1)
    expect(sharedState.links.map(link => link.project_id)).toEqual([other])
    expect(sharedState.messages).toHaveLength(1)
    expect((await stateOf(db, [foreign])).chats).toHaveLength(1)
    expect(await db.select().from(neptunUserProject).where(inArray(neptunUserProject.id, [project, other]))).toMatchObject([{ id: other }])
    expect(await db.select().from(projectRetentionPolicy).where(eq(projectRetentionPolicy.project_id, project))).toEqual([])
    if (step.kind !== 'step') throw new Error('no step')
    const [receipt] = await db.select().from(deletionReceipts).where(eq(deletionReceipts.uuid, step.receiptId))
    expect(receipt).toMatchObject({ neptun_user_id: user, project_ids: [project], chats_deleted: 1, messages_deleted: 3, project_links_deleted: 3 })
    expect(receipt!.chat_uuids).toHaveLength(1)
  })

  it('works in chunks: each step one transaction of at most `chunk` chats with its own receipt; 202-style steps until the last', async () => {
    const { db } = fdb
    const user = await insertUser(db)
    const project = await insertProject(db, user)
    const chats = []
    for (let i = 0; i < 5; i++) chats.push(await insertChat(db, user, project, ['user']))
    const steps = []
    for (;;) {
      const step = await deleteProjectStep(db, user, project, TEST_RECEIPT, 2)
      if (step.kind !== 'step') throw new Error('project vanished')
      steps.push(step)
      if (step.projectDeleted) break
    }
    expect(steps.map(step => [step.chatsDeleted, step.chatsRemaining, step.projectDeleted])).toEqual([[2, 3, false], [2, 1, false], [1, 0, true]])
    expect(new Set(steps.map(step => step.receiptId)).size).toBe(3)
    expect((await stateOf(db, chats)).chats).toEqual([])
    expect(await deleteProjectStep(db, user, project, TEST_RECEIPT)).toEqual({ kind: 'project_not_found' })
  })

  it('a failure in any statement of a step leaves the chunk whole', async () => {
    const { db } = fdb
    const user = await insertUser(db)
    const project = await insertProject(db, user)
    const chat = await insertChat(db, user, project, ['user', 'assistant'])
    const before = await stateOf(db, [chat])
    const clean = await fdb.run(db => deleteProjectStep(db, user, 2_147_483_647, TEST_RECEIPT))
    expect(clean).toEqual({ result: { kind: 'project_not_found' }, statements: 1 })
    for (const failOn of [1, 2, 3, 4, 5, 6]) {
      const run = await fdb.run(db => deleteProjectStep(db, user, project, TEST_RECEIPT), failOn)
      expect(run.error, `failure on statement ${failOn}`).toBeInstanceOf(Error)
      expect(await stateOf(db, [chat])).toEqual(before)
      expect(await db.select().from(neptunUserProject).where(eq(neptunUserProject.id, project))).toHaveLength(1)
    }
    const run = await fdb.run(db => deleteProjectStep(db, user, project, TEST_RECEIPT))
    expect(run.statements).toBe(6)
    expect(await stateOf(db, [chat])).toEqual({ chats: [], links: [], messages: [] })
  })

  it('another user\'s project is not found and stays whole; a revoked session finds nothing', async () => {
    const { db } = fdb
    const owner = await insertUser(db)
    const stranger = await insertUser(db)
    const project = await insertProject(db, owner)
    const chat = await insertChat(db, owner, project)
    expect(await deleteProjectStep(db, stranger, project, TEST_RECEIPT)).toEqual({ kind: 'project_not_found' })
    expect(await deleteProjectStep(db, { id: owner, sessionVersion: 99 }, project, TEST_RECEIPT)).toEqual({ kind: 'project_not_found' })
    expect((await stateOf(db, [chat])).chats).toHaveLength(1)
  })
})
