import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deleteProjectChat, deleteProjectChats } from '../../server/database/queries/project-chats'
import { listProjectChatsJson, type ProjectChatsListResult } from '../../server/database/queries/project-chats-list'
import { projectChatConversation } from '../../server/database/schema'
import { FaultyDatabase, insertChat, insertProject, insertUser, stateOf, TEST_RECEIPT } from './harness'

// The data layer of the project-chat routes, in-process, with failures injected between statements.

let fdb: FaultyDatabase
beforeAll(async () => {
  fdb = await FaultyDatabase.open()
})
afterAll(async () => {
  await fdb?.close()
})

const BY_ID = { order: [{ column: 'id', direction: 'asc' }] } as const
const listProjectChats = (db: Parameters<typeof listProjectChatsJson>[0], userId: number, projectId: number, request: Parameters<typeof listProjectChatsJson>[3] = BY_ID) =>
  listProjectChatsJson(db, userId, projectId, request)
const listedIds = (result: ProjectChatsListResult | undefined): number[] | false =>
  result?.kind === 'all' && (JSON.parse(result.body) as { chats: { id: number }[] }).chats.map(chat => chat.id)

describe('listProjectChats', () => {
  it('never lists another user\'s chat linked into the project, even though the link exists', async () => {
    const { db } = fdb
    const owner = await insertUser(db)
    const other = await insertUser(db)
    const project = await insertProject(db, owner)
    const own = await insertChat(db, owner, project)
    const foreign = await insertChat(db, other, project, ['user'], 'foreign') // linked into owner's project
    const result = await listProjectChats(db, owner, project, BY_ID)
    expect(listedIds(result)).toEqual([own])
    // And the other user does not reach it through the owner's project either.
    expect(await listProjectChats(db, other, project, BY_ID)).toEqual({ kind: 'project_not_found' })
    expect(foreign).toBeGreaterThan(0)
  })

  it('lists a chat once even when it is linked to several projects; a repeated link cannot exist', async () => {
    const { db } = fdb
    const user = await insertUser(db)
    const project = await insertProject(db, user)
    const second = await insertProject(db, user)
    const chat = await insertChat(db, user, project)
    await db.insert(projectChatConversation).values({ project_id: second, chat_conversation_id: chat })
    await expect(db.insert(projectChatConversation).values({ project_id: project, chat_conversation_id: chat })).rejects.toThrow()
    for (const projectId of [project, second]) {
      const result = await listProjectChats(db, user, projectId, BY_ID)
      expect(listedIds(result)).toEqual([chat])
    }
  })

  it('answers in one statement, found or not, with the JSON built by Postgres (ISO timestamps to the millisecond)', async () => {
    const user = await insertUser(fdb.db)
    const project = await insertProject(fdb.db, user)
    await insertChat(fdb.db, user, project)
    const found = await fdb.run(db => listProjectChats(db, user, project, BY_ID))
    expect(found.statements).toBe(1)
    expect(found.result?.kind).toBe('all')
    const [chat] = found.result?.kind === 'all' ? JSON.parse(found.result.body).chats : []
    expect(chat.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    const paged = await fdb.run(db => listProjectChats(db, user, project, { ...BY_ID, page: { limit: 1 } }))
    expect(paged).toEqual({ result: { kind: 'page', chats: expect.any(String), nextKey: null }, statements: 1 })
    const missing = await fdb.run(db => listProjectChats(db, user, 2_147_483_647, BY_ID))
    expect(missing).toEqual({ result: { kind: 'project_not_found' }, statements: 1 })
  })
})

describe('deleteProjectChat', () => {
  it('a failure before any of its 4 statements (the last one queues the NOTIFY) leaves the chat, its links and its messages as they were', async () => {
    const { db } = fdb
    const user = await insertUser(db)
    const project = await insertProject(db, user)
    const second = await insertProject(db, user)
    const chat = await insertChat(db, user, project, ['system', 'user', 'assistant'])
    await db.insert(projectChatConversation).values({ project_id: second, chat_conversation_id: chat })
    const before = await stateOf(db, [chat])
    expect(before.links).toHaveLength(2)
    for (const failOn of [1, 2, 3, 4]) {
      const run = await fdb.run(db => deleteProjectChat(db, user, project, chat, TEST_RECEIPT), failOn)
      expect(run.error, `failure on statement ${failOn}`).toBeInstanceOf(Error)
      expect(await stateOf(db, [chat])).toEqual(before)
    }
    const run = await fdb.run(db => deleteProjectChat(db, user, project, chat, TEST_RECEIPT))
    expect(run).toEqual({ result: { kind: 'deleted', receiptId: expect.any(String) }, statements: 4 })
    expect(await stateOf(db, [chat])).toEqual({ chats: [], links: [], messages: [] })
  })

  it('tells a missing chat from a missing project, in one statement, changing nothing', async () => {
    const { db } = fdb
    const user = await insertUser(db)
    const other = await insertUser(db)
    const project = await insertProject(db, user)
    const otherProject = await insertProject(db, other)
    const chat = await insertChat(db, user, project)
    const foreign = await insertChat(db, other, otherProject)
    const foreignLinkedHere = await insertChat(db, other, project)
    const before = await stateOf(db, [chat, foreign, foreignLinkedHere])
    for (const [projectId, chatId, kind] of [
      [project, foreign, 'chat_not_found'],
      [project, foreignLinkedHere, 'chat_not_found'],
      [project, 2_147_483_647, 'chat_not_found'],
      [otherProject, foreign, 'project_not_found'],
      [otherProject, chat, 'project_not_found'],
    ] as const) {
      expect(await fdb.run(db => deleteProjectChat(db, user, projectId, chatId, TEST_RECEIPT))).toEqual({ result: { kind }, statements: 1 })
    }
    expect(await stateOf(db, [chat, foreign, foreignLinkedHere])).toEqual(before)
  })
})

describe('deleteProjectChats', () => {
  it('a failure before any of its 4 statements (the last one queues the NOTIFY) leaves every listed chat whole', async () => {
    const { db } = fdb
    const user = await insertUser(db)
    const project = await insertProject(db, user)
    const chats = [await insertChat(db, user, project), await insertChat(db, user, project, ['user']), await insertChat(db, user, project, [])]
    const before = await stateOf(db, chats)
    for (const failOn of [1, 2, 3, 4]) {
      const run = await fdb.run(db => deleteProjectChats(db, user, project, chats, TEST_RECEIPT), failOn)
      expect(run.error, `failure on statement ${failOn}`).toBeInstanceOf(Error)
      expect(await stateOf(db, chats)).toEqual(before)
    }
    const run = await fdb.run(db => deleteProjectChats(db, user, project, [...chats, chats[0]!], TEST_RECEIPT))
    expect(run).toEqual({ result: { kind: 'deleted', chatIds: [...chats].sort((a, b) => a - b), receiptId: expect.any(String) }, statements: 4 })
    expect(await stateOf(db, chats)).toEqual({ chats: [], links: [], messages: [] })
  })

  it('another user\'s chat, even linked into the user\'s project, is missing, and nothing at all is deleted', async () => {
    const { db } = fdb
    const user = await insertUser(db)
    const other = await insertUser(db)
    const project = await insertProject(db, user)
    const own = await insertChat(db, user, project)
    const foreignLinkedHere = await insertChat(db, other, project)
    const before = await stateOf(db, [own, foreignLinkedHere])
    const run = await fdb.run(db => deleteProjectChats(db, user, project, [own, foreignLinkedHere, 2_147_483_647], TEST_RECEIPT))
    expect(run).toEqual({ result: { kind: 'chats_not_found', missingChatIds: [foreignLinkedHere, 2_147_483_647] }, statements: 1 })
    expect(await stateOf(db, [own, foreignLinkedHere])).toEqual(before)
  })

  it('the same statements for 3 and for 300 ids', async () => {
    const { db } = fdb
    const user = await insertUser(db)
    const counts = []
    for (const size of [3, 300]) {
      const project = await insertProject(db, user)
      const chats: number[] = []
      for (let i = 0; i < size; i++) chats.push(await insertChat(db, user, project, ['user']))
      const run = await fdb.run(db => deleteProjectChats(db, user, project, chats, TEST_RECEIPT))
      expect(run.result?.kind).toBe('deleted')
      counts.push(run.statements)
    }
    expect(counts).toEqual([4, 4])
  })
})
