import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { signUp, statementsOf, type ApiResponse } from '../helpers/client'
import { addMessages, createApiKey, createChat, createProject, v1, type Chat } from '../helpers/fixtures'
import { openLive } from '../helpers/live'
import { openApiProblems } from '../helpers/openapi'

// POST /api/v1/chats/batch-delete (docs/api.md): one result per id, in order; live chats refused
// unless force; dry_run changes nothing; every answer fits /api/v1/openapi.json.

const PATH = '/chats/batch-delete'
const RECEIPT = expect.stringMatching(/^[0-9a-f-]{36}$/)

/** The batch delete, its answer checked against the OpenAPI document. */
async function batchDelete(key: string, body: unknown, options: { raw?: string } = {}): Promise<ApiResponse> {
  const response = await v1(key, 'POST', PATH, options.raw === undefined ? { json: body } : { raw: options.raw })
  expect(await openApiProblems('POST', `/api/v1${PATH}`, response)).toEqual([])
  expect(response.headers.get('cache-control')).toBe('no-store')
  return response
}

async function setup(chatCount: number) {
  const user = await signUp()
  const project = await createProject(user)
  const { key } = await createApiKey(user)
  const chats: Chat[] = []
  for (let i = 0; i < chatCount; i++) chats.push(await createChat(user, project.id, `chat ${i}`))
  const exists = async (chat: Chat) => (await v1(key, 'GET', `/chats/${chat.uuid}`)).status === 200
  return { user, project, key, chats, exists }
}

describe('POST /api/v1/chats/batch-delete', () => {
  it('mixed ids: deleted, not_found (unknown, another account\'s, upper-case of a deleted one), each in the given order; duplicates answered at each place', async () => {
    const { user, key, chats, exists } = await setup(3)
    await addMessages(user, chats[0]!.id, ['user', 'assistant'])
    const other = await setup(1)
    const unknown = randomUUID()
    const ids = [chats[1]!.uuid, unknown, chats[0]!.uuid.toUpperCase(), other.chats[0]!.uuid, chats[1]!.uuid]
    const response = await batchDelete(key, { chat_ids: ids })
    expect(response.status, response.text).toBe(200)
    expect(response.body).toEqual({
      dry_run: false,
      results: [
        { chat_id: chats[1]!.uuid, status: 'deleted', receipt_id: RECEIPT },
        { chat_id: unknown, status: 'not_found' },
        { chat_id: chats[0]!.uuid, status: 'deleted', receipt_id: RECEIPT },
        { chat_id: other.chats[0]!.uuid, status: 'not_found' },
        { chat_id: chats[1]!.uuid, status: 'deleted', receipt_id: RECEIPT },
      ],
    })
    expect([await exists(chats[0]!), await exists(chats[1]!), await exists(chats[2]!), await other.exists(other.chats[0]!)]).toEqual([false, false, true, true])
    // One chunk, one receipt: both chats, their messages.
    const receipt = await v1(key, 'GET', `/receipts/${response.body.results[0].receipt_id}`)
    expect(receipt.body.receipt).toMatchObject({ route: 'POST /api/v1/chats/batch-delete', counts: { chats: 2, messages: 2 } })
    expect(receipt.body.receipt.chat_ids.sort()).toEqual([chats[0]!.uuid, chats[1]!.uuid].sort())
    // Again: all gone.
    const again = await batchDelete(key, { chat_ids: [chats[0]!.uuid] })
    expect(again.body.results).toEqual([{ chat_id: chats[0]!.uuid, status: 'not_found' }])
  })

  it('live chats: active_connections with the count, nothing of them deleted; force deletes them and closes the sockets (4004)', async () => {
    const { key, chats, exists } = await setup(2)
    const sockets = [await openLive(`/api/v1/chats/${chats[0]!.uuid}/live`, { apiKey: key }), await openLive(`/api/v1/chats/${chats[0]!.uuid}/live`, { apiKey: key })]
    const refused = await batchDelete(key, { chat_ids: [chats[0]!.uuid, chats[1]!.uuid] })
    expect(refused.status).toBe(200)
    expect(refused.body.results).toEqual([
      { chat_id: chats[0]!.uuid, status: 'active_connections', active_connections: 2 },
      { chat_id: chats[1]!.uuid, status: 'deleted', receipt_id: RECEIPT },
    ])
    expect(await exists(chats[0]!)).toBe(true)
    expect(sockets.every(socket => socket.isOpen())).toBe(true)

    const dry = await batchDelete(key, { chat_ids: [chats[0]!.uuid], force: true, dry_run: true })
    expect(dry.body).toEqual({ dry_run: true, results: [{ chat_id: chats[0]!.uuid, status: 'deleted', receipt_id: null }] })
    expect(sockets.every(socket => socket.isOpen())).toBe(true)

    const forced = await batchDelete(key, { chat_ids: [chats[0]!.uuid], force: true })
    expect(forced.body.results).toEqual([{ chat_id: chats[0]!.uuid, status: 'deleted', receipt_id: RECEIPT }])
    for (const socket of sockets) {
      expect(await socket.waitFor(event => event.type === 'chat.deleted')).toEqual({ type: 'chat.deleted', chat_id: chats[0]!.uuid })
      expect((await socket.closed).code).toBe(4004)
    }
    expect(await exists(chats[0]!)).toBe(false)
  })

  it('dry_run changes nothing: no chat, message or receipt goes', async () => {
    const { user, key, chats, exists } = await setup(2)
    await addMessages(user, chats[0]!.id, ['user'])
    const receiptsBefore = (await v1(key, 'GET', '/receipts')).body.receipts.length
    const unknown = randomUUID()
    const dry = await batchDelete(key, { chat_ids: [chats[0]!.uuid, unknown, chats[1]!.uuid], dry_run: true })
    expect(dry.body).toEqual({
      dry_run: true,
      results: [
        { chat_id: chats[0]!.uuid, status: 'deleted', receipt_id: null },
        { chat_id: unknown, status: 'not_found' },
        { chat_id: chats[1]!.uuid, status: 'deleted', receipt_id: null },
      ],
    })
    expect([await exists(chats[0]!), await exists(chats[1]!)]).toEqual([true, true])
    expect((await v1(key, 'GET', `/chats/${chats[0]!.uuid}`)).body.chat.message_count).toBe(1)
    expect((await v1(key, 'GET', '/receipts')).body.receipts.length).toBe(receiptsBefore)
  })

  it('1,000 ids in 4 chunks of 250 (one receipt each), a constant number of statements per chunk', async () => {
    const { user, project, key } = await setup(0)
    const chats: Chat[] = []
    for (let i = 0; i < 6; i++) chats.push(await createChat(user, project.id, `chat ${i}`))
    const few = await batchDelete(key, { chat_ids: [chats[0]!.uuid, chats[1]!.uuid] })
    // key (1) + lock, live count, messages, links, chats with receipt (5)
    expect(statementsOf(few)).toBe(6)
    const ids = [...chats.slice(2).map(chat => chat.uuid), ...Array.from({ length: 996 }, () => randomUUID())]
    const many = await batchDelete(key, { chat_ids: ids })
    expect(many.status).toBe(200)
    expect(many.body.results).toHaveLength(1000)
    expect(many.body.results.filter((result: { status: string }) => result.status === 'deleted')).toHaveLength(4)
    // The 4 chats were in the first chunk; the other 3 chunks found nothing: lock and count only.
    expect(statementsOf(many)).toBe(1 + 5 + 3 * 1)
  })

  it('400 for bad input, nothing deleted: 0 or 1,001 ids, a malformed uuid, wrong types, unknown fields, no JSON', async () => {
    const { key, chats, exists } = await setup(1)
    const id = chats[0]!.uuid
    const cases: [unknown, string][] = [
      [{ chat_ids: [] }, 'Give 1 to 1000 chat_ids'],
      [{ chat_ids: [id, ...Array.from({ length: 1000 }, () => randomUUID())] }, 'Give 1 to 1000 chat_ids'],
      [{ chat_ids: [id, 'not-a-uuid'] }, 'chat_ids.1: Invalid chat_id'],
      [{ chat_ids: [id, 42] }, 'chat_ids.1: Invalid chat_id'],
      [{ chat_ids: id }, 'Give 1 to 1000 chat_ids'],
      [{}, 'Give 1 to 1000 chat_ids'],
      [{ chat_ids: [id], dry_run: 'yes' }, 'dry_run must be true or false'],
      [{ chat_ids: [id], force: 1 }, 'force must be true or false'],
      [{ chat_ids: [id], extra: true }, 'Unrecognized key: "extra"'],
      [[id], 'The body must be a JSON object with chat_ids'],
      [undefined, 'The body must be a JSON object with chat_ids'],
    ]
    for (const [body, message] of cases) {
      const response = await batchDelete(key, body)
      expect(response.status, JSON.stringify(body)?.slice(0, 80)).toBe(400)
      expect(response.body, JSON.stringify(body)?.slice(0, 80)).toEqual({ statusCode: 400, statusMessage: 'Bad Request', message })
    }
    const notJson = await batchDelete(key, undefined, { raw: '{"chat_ids": [' })
    expect(notJson.body.message).toBe('Body is not valid JSON')
    expect(await exists(chats[0]!)).toBe(true)
  })

  it('other methods: 405 with Allow: POST', async () => {
    const { key } = await setup(0)
    const response = await v1(key, 'GET', PATH)
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('POST')
  })
})
