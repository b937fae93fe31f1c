import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { signUp, statementsOf, type ApiResponse } from '../helpers/client'
import { createApiKey, createChat, createProject, listMessages, v1, type Chat } from '../helpers/fixtures'
import { openLive } from '../helpers/live'
import { openApiProblems } from '../helpers/openapi'

// GET/POST /api/v1/chats/{chat_id}/messages and DELETE …/messages/last (docs/api.md): messages
// by uuid only, the cookie routes' rules; every answer fits /api/v1/openapi.json.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/
const error = (statusCode: number, statusMessage: string, message: string) => ({ statusCode, statusMessage, message })

/** A v1 call, its answer checked against the OpenAPI document. */
async function call(key: string, method: string, path: string, json?: unknown): Promise<ApiResponse> {
  const response = await v1(key, method, path, json === undefined ? {} : { json })
  expect(await openApiProblems(method, `/api/v1${path.split('?')[0]}`, response), `${method} ${path}`).toEqual([])
  return response
}

async function setup() {
  const user = await signUp()
  const project = await createProject(user)
  const chat = await createChat(user, project.id)
  const { key } = await createApiKey(user)
  const post = (actors: string[], target: Chat = chat) => call(key, 'POST', `/chats/${target.uuid}/messages`, { messages: actors.map((actor, i) => ({ actor, message: `${actor} ${i}` })) })
  return { user, project, chat, key, post }
}

describe('POST /api/v1/chats/{chat_id}/messages', () => {
  it('201 with the new messages in order, by uuid; the cookie list shows them; live sockets hear message.created', async () => {
    const { user, chat, key, post } = await setup()
    const socket = await openLive(`/api/v1/chats/${chat.uuid}/live`, { apiKey: key })
    const response = await post(['system', 'user', 'assistant'])
    expect(response.status, response.text).toBe(201)
    expect(response.body.messages).toEqual([
      { id: expect.stringMatching(UUID), actor: 'system', message: 'system 0', created_at: expect.stringMatching(ISO) },
      { id: expect.stringMatching(UUID), actor: 'user', message: 'user 1', created_at: expect.stringMatching(ISO) },
      { id: expect.stringMatching(UUID), actor: 'assistant', message: 'assistant 2', created_at: expect.stringMatching(ISO) },
    ])
    expect((await listMessages(user, chat.id)).map(m => m.message)).toEqual(['system 0', 'user 1', 'assistant 2'])
    await socket.waitFor(event => event.type === 'message.created')
    await socket.close()
  })

  it('400 for what the cookie route refuses (0 or 101 messages, an empty message, an unknown actor), 404 for another account\'s chat; nothing added', async () => {
    const { user, chat, key } = await setup()
    const other = await setup()
    const path = `/chats/${chat.uuid}/messages`
    const cases: [unknown, string][] = [
      [{ messages: [] }, 'messages: Send at least one message'],
      [{ messages: Array.from({ length: 101 }, () => ({ actor: 'user', message: 'x' })) }, 'Send at most 100 messages at once'],
      [{ messages: [{ actor: 'user', message: '' }] }, 'messages.0.message: Message is required'],
      [{ messages: [{ actor: 'robot', message: 'x' }] }, expect.stringMatching(/^messages\.0\.actor: /) as unknown as string],
    ]
    for (const [body, message] of cases) {
      const response = await call(key, 'POST', path, body)
      expect(response.status).toBe(400)
      expect(response.body).toEqual(error(400, 'Bad Request', message))
    }
    const foreign = await call(key, 'POST', `/chats/${other.chat.uuid}/messages`, { messages: [{ actor: 'user', message: 'x' }] })
    expect(foreign.body).toEqual(error(404, 'Not Found', 'Chat not found'))
    expect(await listMessages(user, chat.id)).toEqual([])
    expect(await listMessages(other.user, other.chat.id)).toEqual([])
    expect((await call(key, 'POST', '/chats/nope/messages', { messages: [{ actor: 'user', message: 'x' }] })).body).toEqual(error(400, 'Bad Request', 'Invalid chat_id'))
  })
})

describe('GET /api/v1/chats/{chat_id}/messages', () => {
  it('oldest first, keyset-paged: every message once across pages, as created; empty chat; 404 for another account\'s', async () => {
    const { key, chat, post, project, user } = await setup()
    const created = [...(await post(['user', 'assistant', 'user'])).body.messages, ...(await post(['assistant', 'system'])).body.messages]
    const seen: unknown[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const response: ApiResponse = await call(key, 'GET', `/chats/${chat.uuid}/messages?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      expect(response.status, response.text).toBe(200)
      seen.push(...response.body.messages)
      cursor = response.body.next_cursor
      pages++
    } while (cursor)
    expect(seen).toEqual(created)
    expect(pages).toBe(3)
    expect((await call(key, 'GET', `/chats/${chat.uuid}/messages`)).body).toEqual({ messages: created, next_cursor: null })
    const empty = await createChat(user, project.id)
    expect((await call(key, 'GET', `/chats/${empty.uuid}/messages`)).body).toEqual({ messages: [], next_cursor: null })
    const other = await setup()
    await other.post(['user'])
    expect((await call(key, 'GET', `/chats/${other.chat.uuid}/messages`)).body).toEqual(error(404, 'Not Found', 'Chat not found'))
    expect(statementsOf(await v1(key, 'GET', `/chats/${chat.uuid}/messages?limit=200`))).toBe(2)
    const head = await v1(key, 'HEAD', `/chats/${chat.uuid}/messages`)
    expect([head.status, head.text]).toEqual([200, ''])
  })

  it('a message trimmed meanwhile does not break the next page; a cursor of another chat, a made-up one or a bad limit → 400', async () => {
    const { key, chat, post, user, project } = await setup()
    const created = (await post(['user', 'assistant', 'user', 'assistant'])).body.messages
    const first = await call(key, 'GET', `/chats/${chat.uuid}/messages?limit=3`)
    expect((await call(key, 'DELETE', `/chats/${chat.uuid}/messages/last`)).status).toBe(200)
    const next = await call(key, 'GET', `/chats/${chat.uuid}/messages?limit=3&cursor=${first.body.next_cursor}`)
    expect(next.body).toEqual({ messages: [], next_cursor: null })
    expect(first.body.messages).toEqual(created.slice(0, 3))
    const otherChat = await createChat(user, project.id)
    const invalidCursor = error(400, 'Bad Request', 'Invalid cursor: pass next_cursor from the previous page unchanged')
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
    for (const cursor of [first.body.next_cursor, 'nope', b64([otherChat.uuid, 0]), b64([otherChat.uuid, 'x']), b64([42, 1])]) {
      expect((await call(key, 'GET', `/chats/${otherChat.uuid}/messages?cursor=${cursor}`)).body, cursor).toEqual(invalidCursor)
    }
    expect((await call(key, 'GET', `/chats/${chat.uuid}/messages?limit=0`)).body).toEqual(error(400, 'Bad Request', 'Invalid limit: give an integer from 1 to 200'))
  })
})

describe('DELETE /api/v1/chats/{chat_id}/messages/last', () => {
  it('the cookie route\'s rules: the last exchange, then trailing user messages; system messages stay; a receipt each (Neptun-Receipt-Id)', async () => {
    const { user, chat, key, post } = await setup()
    const created = [...(await post(['system', 'user', 'assistant', 'user', 'assistant'])).body.messages, ...(await post(['user', 'user'])).body.messages]
    const trim = () => call(key, 'DELETE', `/chats/${chat.uuid}/messages/last`)
    const trailing = await trim()
    expect(trailing.status, trailing.text).toBe(200)
    expect(trailing.body).toEqual({ deleted_messages: created.slice(5) })
    const receiptId = trailing.headers.get('neptun-receipt-id')!
    expect(receiptId).toMatch(UUID)
    const receipt = await v1(key, 'GET', `/receipts/${receiptId}`)
    expect(receipt.body.receipt).toMatchObject({ route: 'DELETE /api/v1/chats/:chat_id/messages/last', chat_ids: [chat.uuid], counts: { chats: 0, messages: 2 } })
    expect((await trim()).body).toEqual({ deleted_messages: created.slice(3, 5) })
    expect((await trim()).body).toEqual({ deleted_messages: created.slice(1, 3) })
    expect((await trim()).body).toEqual(error(400, 'Bad Request', 'No messages to delete'))
    expect((await listMessages(user, chat.id)).map(m => m.actor)).toEqual(['system'])
  })

  it('expected_last_message_id (a uuid): trims while it is the last, else 409 and nothing goes; 404 for another account\'s chat; 400 for a bad id', async () => {
    const { user, chat, key, post } = await setup()
    const created = (await post(['user', 'assistant', 'user', 'assistant'])).body.messages
    const path = `/chats/${chat.uuid}/messages/last`
    for (const stale of [created[1].id, randomUUID()]) {
      const refused = await call(key, 'DELETE', `${path}?expected_last_message_id=${stale}`)
      expect(refused.body).toEqual(error(409, 'Conflict', 'Chat has changed'))
    }
    expect(await listMessages(user, chat.id)).toHaveLength(4)
    const ok = await call(key, 'DELETE', `${path}?expected_last_message_id=${created[3].id.toUpperCase()}`)
    expect(ok.body).toEqual({ deleted_messages: created.slice(2) })
    expect((await call(key, 'DELETE', `${path}?expected_last_message_id=bad`)).body).toEqual(error(400, 'Bad Request', 'Invalid expected_last_message_id'))
    const other = await setup()
    await other.post(['user', 'assistant'])
    expect((await call(key, 'DELETE', `/chats/${other.chat.uuid}/messages/last`)).body).toEqual(error(404, 'Not Found', 'Chat not found'))
    expect(await listMessages(other.user, other.chat.id)).toHaveLength(2)
    // A message of another chat is no message of this one.
    const foreignMessage = (await other.post(['user'])).body.messages[0].id
    expect((await call(key, 'DELETE', `${path}?expected_last_message_id=${foreignMessage}`)).status).toBe(409)
  })

  it('other methods: 405 with Allow', async () => {
    const { chat, key } = await setup()
    for (const [method, path, allow] of [['PUT', 'messages', 'GET, POST'], ['GET', 'messages/last', 'DELETE']]) {
      const response = await v1(key, method!, `/chats/${chat.uuid}/${path}`)
      expect([response.status, response.headers.get('allow')]).toEqual([405, allow])
    }
  })
})
