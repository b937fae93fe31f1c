import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OpenDatabase } from '#server/database/client'
import { createProjectChat } from '#server/database/queries/chats'
import { insertChatMessages } from '#server/database/queries/messages'
import { trimLastExchange } from '#server/database/queries/trim-last-exchange'
import { LIVE_CHANNEL, notifyLive, parseLiveNotice, type LiveNotice } from '#server/live/events'
import { listen } from '#server/live/listener'
import {
  countLiveConnections, pruneStaleLiveConnections, recordLiveConnection, refreshLiveConnections,
} from '#server/live/presence'
import { openTestDatabase } from '../helpers/database'
import { insertChat, insertProject, insertUser, TEST_RECEIPT } from './harness'

let open: OpenDatabase
beforeAll(async () => {
  open = await openTestDatabase()
})
afterAll(async () => {
  await open?.close()
})

/** Collects this test's payloads (other runs may share the channel on Postgres). */
async function collect(onPayload: (payload: string) => void) {
  return listen(open, LIVE_CHANNEL, { onPayload, onReconnect: () => {} })
}

describe('notifyLive', () => {
  it('splits 1200 deleted chats into payloads under the 8000-byte cap, sent on commit, in order', async () => {
    const user = 2_000_000_000 - Math.floor(Math.random() * 1_000_000)
    const chats = Array.from({ length: 1200 }, (_, i) => 2_000_000_000 + i)
    const payloads: string[] = []
    const unlisten = await collect((payload) => {
      if (parseLiveNotice(payload)?.type === 'chat.deleted' && payload.includes(`"user":${user}`)) payloads.push(payload)
    })
    await open.db.transaction(tx => notifyLive(tx, [{ type: 'chat.deleted', user, chats }]))
    await expect.poll(() => payloads.length).toBe(3)
    expect(payloads.every(payload => Buffer.byteLength(payload) < 8000)).toBe(true)
    expect(payloads.flatMap(payload => (parseLiveNotice(payload) as { chats: number[] }).chats)).toEqual(chats)
    await unlisten()
  })

  it('sends nothing when the transaction rolls back', async () => {
    const chat = 2_100_000_000 + Math.floor(Math.random() * 1_000_000)
    const seen: string[] = []
    const unlisten = await collect((payload) => {
      const notice = parseLiveNotice(payload)
      if (notice?.type === 'messages.deleted' && notice.chat === chat) seen.push(payload)
    })
    await open.db.transaction(async (tx) => {
      await notifyLive(tx, [{ type: 'messages.deleted', chat, ids: [1] }])
      tx.rollback()
    }).catch(() => {})
    // A committed marker sent afterwards arrives; the rolled-back notice never did.
    await open.db.transaction(tx => notifyLive(tx, [{ type: 'messages.deleted', chat, ids: [2] }]))
    await expect.poll(() => seen.length).toBe(1)
    expect(parseLiveNotice(seen[0]!)).toEqual({ type: 'messages.deleted', chat, ids: [2] })
    await unlisten()
  })

  it('ignores payloads that are not notices', () => {
    for (const payload of ['', 'x', '{"type":"chat.deleted","user":1,"chats":["1"]}', '{"type":"messages.deleted","chat":1}']) {
      expect(parseLiveNotice(payload)).toBeUndefined()
    }
  })
})

describe('the notices of a chat\'s changes, for the project lists (chat.created, chat.updated)', () => {
  /** The user's chat.created / chat.updated notices, in arrival order. */
  async function chatNotices(user: number) {
    const seen: LiveNotice[] = []
    const unlisten = await collect((payload) => {
      const notice = parseLiveNotice(payload)
      if ((notice?.type === 'chat.created' || notice?.type === 'chat.updated') && notice.user === user) seen.push(notice)
    })
    return { seen, unlisten }
  }

  it('creating a chat sends chat.created with its id on commit; a project of another user sends nothing', async () => {
    const user = await insertUser(open.db)
    const stranger = await insertUser(open.db)
    const project = await insertProject(open.db, user)
    const { seen, unlisten } = await chatNotices(user)
    const strangers = await chatNotices(stranger)
    expect(await createProjectChat(open.db, stranger, project, { name: 'Not mine', model: 'm' })).toBeUndefined()
    const chat = await createProjectChat(open.db, user, project, { name: 'Mine', model: 'm' })
    await expect.poll(() => seen).toEqual([{ type: 'chat.created', user, chats: [chat!.id] }])
    expect(strangers.seen).toEqual([])
    await unlisten()
    await strangers.unlisten()
  })

  it('adding messages and trimming each send chat.updated once; a chat of another user sends nothing', async () => {
    const user = await insertUser(open.db)
    const chat = await insertChat(open.db, user, await insertProject(open.db, user), [])
    const { seen, unlisten } = await chatNotices(user)
    expect(await insertChatMessages(open.db, user + 1, chat, [{ actor: 'user', message: 'no' }])).toEqual([])
    await insertChatMessages(open.db, user, chat, [{ actor: 'user', message: 'q' }, { actor: 'assistant', message: 'a' }])
    await expect.poll(() => seen.length).toBe(1)
    expect((await trimLastExchange(open.db, user, chat, TEST_RECEIPT)).kind).toBe('exchange')
    await expect.poll(() => seen).toEqual([{ type: 'chat.updated', user, chats: [chat] }, { type: 'chat.updated', user, chats: [chat] }])
    // Nothing left to trim: no change, no notice (a marker sent afterwards arrives alone).
    expect((await trimLastExchange(open.db, user, chat, TEST_RECEIPT)).kind).toBe('no_messages')
    await open.db.transaction(tx => notifyLive(tx, [{ type: 'chat.created', user, chats: [0] }]))
    await expect.poll(() => seen.length).toBe(3)
    expect(seen[2]).toEqual({ type: 'chat.created', user, chats: [0] })
    await unlisten()
  })

  it('reads back only well-formed chat notices', () => {
    expect(parseLiveNotice('{"type":"chat.updated","user":1,"chats":[2]}')).toEqual({ type: 'chat.updated', user: 1, chats: [2] })
    for (const payload of ['{"type":"chat.created","user":"1","chats":[2]}', '{"type":"chat.updated","user":1,"chats":["2"]}', '{"type":"chat.created","user":1}']) {
      expect(parseLiveNotice(payload)).toBeUndefined()
    }
  })
})

describe('live presence', () => {
  async function chatOfNewUser() {
    const user = await insertUser(open.db)
    const chat = await insertChat(open.db, user, await insertProject(open.db, user))
    return { user, chat }
  }
  const instanceId = randomUUID()

  it('records a connection only on the user\'s existing chat', async () => {
    const { user, chat } = await chatOfNewUser()
    const stranger = await insertUser(open.db)
    expect(await recordLiveConnection(open.db, { id: randomUUID(), chatId: chat, userId: stranger, instanceId })).toBe(false)
    expect(await recordLiveConnection(open.db, { id: randomUUID(), chatId: 2_147_483_647, userId: user, instanceId })).toBe(false)
    expect(await countLiveConnections(open.db, chat, 30)).toBe(0)
    expect(await recordLiveConnection(open.db, { id: randomUUID(), chatId: chat, userId: user, instanceId })).toBe(true)
    expect(await countLiveConnections(open.db, chat, 30)).toBe(1)
  })

  it('a row older than the TTL does not count, is pruned, and a heartbeat no longer finds it', async () => {
    const { user, chat } = await chatOfNewUser()
    const [fresh, stale] = [randomUUID(), randomUUID()]
    for (const id of [fresh, stale]) await recordLiveConnection(open.db, { id, chatId: chat, userId: user, instanceId })
    await open.db.execute(sql`UPDATE live_connection SET heartbeat_at = now() - interval '31 seconds' WHERE id = ${stale}::uuid`)
    expect(await countLiveConnections(open.db, chat, 30)).toBe(1)
    expect(await pruneStaleLiveConnections(open.db, 30)).toBeGreaterThanOrEqual(1)
    expect([...await refreshLiveConnections(open.db, [fresh, stale])]).toEqual([fresh])
    // Recording it again (its socket is still open) brings it back.
    expect(await recordLiveConnection(open.db, { id: stale, chatId: chat, userId: user, instanceId })).toBe(true)
    expect(await countLiveConnections(open.db, chat, 30)).toBe(2)
  })

  it('a chat\'s rows go with the chat', async () => {
    const { user, chat } = await chatOfNewUser()
    await recordLiveConnection(open.db, { id: randomUUID(), chatId: chat, userId: user, instanceId })
    await open.db.execute(sql`DELETE FROM chat_conversation WHERE id = ${chat}`)
    expect(await countLiveConnections(open.db, chat, 30)).toBe(0)
  })
})
