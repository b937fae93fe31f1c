import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { trimLastExchange } from '../../server/database/queries/trim-last-exchange'
import { FaultyDatabase, insertChat, insertProject, insertUser, messageIdsOf, stateOf, TEST_RECEIPT } from './harness'

let fdb: FaultyDatabase
beforeAll(async () => {
  fdb = await FaultyDatabase.open()
})
afterAll(async () => {
  await fdb?.close()
})

async function chatOf(actors: Parameters<typeof insertChat>[3]) {
  const user = await insertUser(fdb.db)
  const project = await insertProject(fdb.db, user)
  const chat = await insertChat(fdb.db, user, project, actors)
  return { user, chat, ids: await messageIdsOf(fdb.db, chat) }
}

describe('trimLastExchange', () => {
  it('a failure before any of its 3 statements (the last one queues the NOTIFY) leaves every message, and the chat row, as they were', async () => {
    for (const actors of [['user', 'assistant', 'user', 'assistant'], ['user', 'assistant', 'user', 'user']] as const) {
      const { user, chat, ids } = await chatOf([...actors])
      const before = await stateOf(fdb.db, [chat])
      for (const failOn of [1, 2, 3]) {
        const run = await fdb.run(db => trimLastExchange(db, user, chat, TEST_RECEIPT), failOn)
        expect(run.error, `failure on statement ${failOn}`).toBeInstanceOf(Error)
        expect(await stateOf(fdb.db, [chat])).toEqual(before)
      }
      const run = await fdb.run(db => trimLastExchange(db, user, chat, TEST_RECEIPT))
      expect(run.statements).toBe(3)
      expect(await messageIdsOf(fdb.db, chat)).toEqual(ids.slice(0, 2))
    }
  })

  it('costs 1 statement for a missing or foreign chat, 2 for "no messages" and for "changed"', async () => {
    const { user, chat } = await chatOf(['system'])
    const stranger = await insertUser(fdb.db)
    expect(await fdb.run(db => trimLastExchange(db, stranger, chat, TEST_RECEIPT))).toEqual({ result: { kind: 'chat_not_found' }, statements: 1 })
    expect(await fdb.run(db => trimLastExchange(db, user, chat, TEST_RECEIPT))).toEqual({ result: { kind: 'no_messages' }, statements: 2 })
    expect(await fdb.run(db => trimLastExchange(db, user, chat, TEST_RECEIPT, 1))).toEqual({ result: { kind: 'changed', lastMessageId: null }, statements: 2 })
  })

  it('costs 3 statements with 3 messages and with 300', async () => {
    const small = await chatOf(['user', 'assistant', 'user'])
    const large = await chatOf([...Array.from({ length: 100 }, () => ['user', 'assistant'] as const).flat(), ...Array.from({ length: 100 }, () => 'user' as const)])
    const counts = []
    for (const { user, chat, ids } of [small, large]) {
      const run = await fdb.run(db => trimLastExchange(db, user, chat, TEST_RECEIPT))
      expect(run.result).toMatchObject({ kind: 'trailing_user_messages' })
      expect(run.result?.kind === 'trailing_user_messages' && run.result.deleted.map(m => m.id)).toEqual(ids.slice(ids.length === 3 ? 2 : 200))
      counts.push(run.statements)
    }
    expect(counts).toEqual([3, 3])
  })
})
