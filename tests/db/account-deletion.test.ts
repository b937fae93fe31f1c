import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deleteAccount } from '../../server/database/queries/account-deletion'
import { deleteProjectChats } from '../../server/database/queries/project-chats'
import { deletionReceipts, neptunApiKey, neptunUser, neptunUserProject, projectRetentionPolicy } from '../../server/database/schema'
import { FaultyDatabase, insertChat, insertProject, insertUser, stateOf, TEST_RECEIPT } from './harness'

// Deleting an account in bounded transactions (server/database/queries/account-deletion.ts), in-process.

let fdb: FaultyDatabase
beforeAll(async () => {
  fdb = await FaultyDatabase.open()
})
afterAll(async () => {
  await fdb?.close()
})

describe('deleteAccount', () => {
  it('removes everything of the account in chunks; another account\'s chat linked into its project only loses the link', async () => {
    const { db } = fdb
    const user = await insertUser(db)
    const stranger = await insertUser(db)
    const project = await insertProject(db, user)
    const strangersProject = await insertProject(db, stranger)
    await db.insert(projectRetentionPolicy).values({ project_id: project, days: 7 })
    const chats = []
    for (let i = 0; i < 5; i++) chats.push(await insertChat(db, user, project, ['user', 'assistant']))
    const foreign = await insertChat(db, stranger, project, ['user'])
    const theirs = await insertChat(db, stranger, strangersProject, ['user'])
    const gone = await insertChat(db, user, project, ['user'])
    await deleteProjectChats(db, user, project, [gone], TEST_RECEIPT)
    await db.insert(neptunApiKey).values({ neptun_user_id: user, name: 'k', prefix: 'nk_x', key_hash: `hash-${user}` })

    const run = await fdb.run(db => deleteAccount(db, { id: user, sessionVersion: 1 }, 2))
    expect(run.result).toEqual({ kind: 'deleted', deletedAt: expect.any(Date), counts: { chats: 5, messages: 10, projects: 1, api_keys: 1, receipts: 1 } })
    expect(await stateOf(db, chats)).toEqual({ chats: [], links: [], messages: [] })
    expect(await db.select().from(neptunUser).where(eq(neptunUser.id, user))).toEqual([])
    expect(await db.select().from(neptunUserProject).where(eq(neptunUserProject.neptun_user_id, user))).toEqual([])
    expect(await db.select().from(deletionReceipts).where(eq(deletionReceipts.neptun_user_id, user))).toEqual([])
    const foreignState = await stateOf(db, [foreign, theirs])
    expect(foreignState.chats).toHaveLength(2)
    expect(foreignState.links.map(link => link.project_id)).toEqual([strangersProject])
    expect(foreignState.messages).toHaveLength(2)
  })

  it('a session that is no longer current changes nothing', async () => {
    const { db } = fdb
    const user = await insertUser(db)
    const project = await insertProject(db, user)
    const chat = await insertChat(db, user, project)
    expect(await deleteAccount(db, { id: user, sessionVersion: 2 })).toEqual({ kind: 'session_revoked' })
    expect((await stateOf(db, [chat])).chats).toHaveLength(1)
    expect(await db.select({ v: neptunUser.session_version }).from(neptunUser).where(eq(neptunUser.id, user))).toEqual([{ v: 1 }])
  })

  it('stopped midway, every chunk is whole and the account is signed out; deleting again finishes', async () => {
    const { db } = fdb
    const user = await insertUser(db)
    const project = await insertProject(db, user)
    const chats = [await insertChat(db, user, project, ['user']), await insertChat(db, user, project, ['user'])]
    // Statements: 1 revoke, 2 its notices; chunk one: 3 lock, 4 messages, 5 links, 6 chats; chunk two: 7 lock, 8 messages…
    const run = await fdb.run(db => deleteAccount(db, { id: user, sessionVersion: 1 }, 1), 8)
    expect(run.error).toBeInstanceOf(Error)
    const state = await stateOf(db, chats)
    expect(state.chats.map(chat => chat.id)).toEqual([chats[1]])
    expect(state.messages).toHaveLength(1)
    expect(state.links).toHaveLength(1)
    expect(await db.select({ v: neptunUser.session_version }).from(neptunUser).where(eq(neptunUser.id, user))).toEqual([{ v: 2 }])
    const again = await deleteAccount(db, { id: user, sessionVersion: 2 })
    expect(again).toMatchObject({ kind: 'deleted', counts: { chats: 1, messages: 1, projects: 1 } })
    expect((await stateOf(db, chats)).chats).toEqual([])
  })
})
