import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { signUp, statementsOf, type ApiResponse, type TestUser } from '../helpers/client'
import { addMessages, createApiKey, createChat, createProject, v1 } from '../helpers/fixtures'

// Every deletion writes a receipt in its own transaction (docs/api.md, "Deletion receipts"): its
// id in the Neptun-Receipt-Id header, the seeds' bodies unchanged, readable by its owner only.

const receiptIdOf = (response: ApiResponse): string => {
  const id = response.headers.get('neptun-receipt-id')
  expect(id, `no receipt header on ${response.status} ${response.text}`).toMatch(/^[0-9a-f-]{36}$/)
  return id!
}

async function receiptOf(user: TestUser, id: string) {
  const response = await user.call('GET', `/api/users/${user.id}/receipts/${id}`)
  expect(response.status).toBe(200)
  return response.body.receipt
}

async function chatsWithMessages(user: TestUser, projectId: number, count: number) {
  const chats = []
  for (let i = 0; i < count; i++) {
    const chat = await createChat(user, projectId, `chat ${i}`)
    await addMessages(user, chat.id, ['user', 'assistant'])
    chats.push(chat)
  }
  return chats
}

describe('receipts of every deletion', () => {
  it('DELETE one chat (cookie): the body stays true; the receipt names the chat, its project and the counts, nothing of its content', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const [chat] = await chatsWithMessages(user, project.id, 1)
    const response = await user.call('DELETE', `/api/users/${user.id}/projects/${project.id}/chats/${chat!.id}`, { headers: { 'x-request-id': 'req-one' } })
    expect(response.status).toBe(200)
    expect(response.text).toBe('true')
    const receipt = await receiptOf(user, receiptIdOf(response))
    expect(receipt).toEqual({
      id: receiptIdOf(response),
      created_at: expect.any(String),
      actor: { kind: 'user', api_key_id: null, api_key_prefix: null },
      route: 'DELETE /api/users/:user_id/projects/:project_id/chats/:chat_id',
      request_id: 'req-one',
      project_ids: [project.id],
      counts: { chats: 1, messages: 2, project_links: 1 },
      chat_ids: [chat!.uuid],
    })
    expect(JSON.stringify(receipt)).not.toContain(chat!.name)
  })

  it('batch delete: one receipt for the batch, the chats in id order; a 404 batch writes none', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const chats = await chatsWithMessages(user, project.id, 3)
    const missing = await user.call('DELETE', `/api/users/${user.id}/projects/${project.id}/chats`, { json: { chat_ids: [chats[0]!.id, 2_147_483_647] } })
    expect(missing.status).toBe(404)
    expect(missing.headers.get('neptun-receipt-id')).toBeNull()
    const response = await user.call('DELETE', `/api/users/${user.id}/projects/${project.id}/chats`, { json: { chat_ids: chats.map(chat => chat.id).reverse() } })
    expect(response.status).toBe(200)
    const receipt = await receiptOf(user, receiptIdOf(response))
    expect(receipt).toMatchObject({
      route: 'DELETE /api/users/:user_id/projects/:project_id/chats',
      counts: { chats: 3, messages: 6, project_links: 3 },
      chat_ids: chats.map(chat => chat.uuid),
    })
    const list = await user.call('GET', `/api/users/${user.id}/receipts`)
    expect(list.body.receipts).toHaveLength(1)
  })

  it('trim: the receipt counts the messages, names the chat and its projects, removes no chat', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const [chat] = await chatsWithMessages(user, project.id, 1)
    const response = await user.call('DELETE', `/api/users/${user.id}/chats/${chat!.id}/messages/last`)
    expect(response.status).toBe(200)
    expect(Object.keys(response.body).sort()).toEqual(['maybeAssistantMessageToDelete', 'maybeUserMessageToDelete'])
    expect(await receiptOf(user, receiptIdOf(response))).toMatchObject({
      route: 'DELETE /api/users/:user_id/chats/:chat_id/messages/last',
      project_ids: [project.id],
      counts: { chats: 0, messages: 2, project_links: 0 },
      chat_ids: [chat!.uuid],
    })
  })

  it('v1 delete: the actor is the key (id and prefix); GET /api/v1/receipts and /{id} answer it to that account only', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const [chat] = await chatsWithMessages(user, project.id, 1)
    const { apiKey, key } = await createApiKey(user)
    const response = await v1(key, 'DELETE', `/chats/${chat!.uuid}`)
    expect(response.status).toBe(200)
    expect(Object.keys(response.body).sort()).toEqual(['deleted_at', 'message', 'success'])
    const id = receiptIdOf(response)

    const one = await v1(key, 'GET', `/receipts/${id}`)
    expect(one.status).toBe(200)
    expect(one.body.receipt).toMatchObject({
      id,
      actor: { kind: 'api_key', api_key_id: apiKey.id, api_key_prefix: apiKey.prefix },
      route: 'DELETE /api/v1/chats/:chat_id',
      counts: { chats: 1, messages: 2, project_links: 1 },
      chat_ids: [chat!.uuid],
    })
    const list = await v1(key, 'GET', '/receipts')
    expect(list.status).toBe(200)
    expect(list.body).toEqual({ receipts: [{ ...one.body.receipt, chat_ids: undefined }].map(({ chat_ids: _, ...summary }) => summary), next_cursor: null })

    const stranger = await signUp()
    const strangerKey = (await createApiKey(stranger)).key
    expect((await v1(strangerKey, 'GET', `/receipts/${id}`)).text).toBe('{"statusCode":404,"statusMessage":"Not Found","message":"Receipt not found"}')
    expect((await stranger.call('GET', `/api/users/${stranger.id}/receipts/${id}`)).status).toBe(404)
    expect((await stranger.call('GET', `/api/users/${user.id}/receipts/${id}`)).status).toBe(401)
    expect((await v1(strangerKey, 'GET', '/receipts')).body).toEqual({ receipts: [], next_cursor: null })
    expect((await v1(undefined, 'GET', '/receipts')).status).toBe(401)
    expect((await v1(key, 'GET', '/receipts/not-a-uuid')).text).toBe('{"statusCode":400,"statusMessage":"Bad Request","message":"Invalid receipt_id"}')
    expect((await v1(key, 'GET', `/receipts/${randomUUID()}`)).status).toBe(404)
    expect((await v1(key, 'POST', '/receipts')).status).toBe(405)
  })

  it('a deletion costs the statements it cost before: 4 for a batch of 3 and of 300', async () => {
    const user = await signUp()
    const counts = []
    for (const size of [3, 300]) {
      const project = await createProject(user)
      const ids: number[] = []
      for (let i = 0; i < size; i += 10) {
        ids.push(...(await Promise.all(Array.from({ length: Math.min(10, size - i) }, () => createChat(user, project.id)))).map(chat => chat.id))
      }
      const response = await user.call('DELETE', `/api/users/${user.id}/projects/${project.id}/chats`, { json: { chat_ids: ids } })
      expect(response.status).toBe(200)
      expect((await receiptOf(user, receiptIdOf(response))).counts.chats).toBe(size)
      counts.push(statementsOf(response))
    }
    expect(counts).toEqual([4, 4])
  })
})

describe('GET …/receipts: the history', () => {
  it('pages newest first with next_cursor, and filters by actor and by project', async () => {
    const user = await signUp()
    const [first, second] = [await createProject(user), await createProject(user)]
    const { key } = await createApiKey(user)
    const ids: string[] = []
    for (const project of [first, second, first]) {
      const chat = await createChat(user, project.id)
      ids.push(receiptIdOf(await user.call('DELETE', `/api/users/${user.id}/projects/${project.id}/chats/${chat.id}`)))
    }
    const viaKey = await createChat(user, second.id)
    ids.push(receiptIdOf(await v1(key, 'DELETE', `/chats/${viaKey.uuid}`)))

    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: ApiResponse = await user.call('GET', `/api/users/${user.id}/receipts?limit=3${cursor ? `&cursor=${cursor}` : ''}`)
      expect(page.status).toBe(200)
      seen.push(...page.body.receipts.map((receipt: { id: string }) => receipt.id))
      cursor = page.body.next_cursor
    } while (cursor)
    expect(seen).toEqual([...ids].reverse())

    const byKey = await user.call('GET', `/api/users/${user.id}/receipts?actor=api_key`)
    expect(byKey.body.receipts.map((receipt: { id: string }) => receipt.id)).toEqual([ids[3]])
    const bySecond = await user.call('GET', `/api/users/${user.id}/receipts?project_id=${second.id}`)
    expect(bySecond.body.receipts.map((receipt: { id: string }) => receipt.id)).toEqual([ids[3], ids[1]])
    const v1Page = await v1(key, 'GET', `/receipts?actor=user&project_id=${first.id}&limit=1`)
    expect(v1Page.body.receipts.map((receipt: { id: string }) => receipt.id)).toEqual([ids[2]])
    expect((await v1(key, 'GET', `/receipts?cursor=${v1Page.body.next_cursor}&actor=user&project_id=${first.id}`)).body.receipts.map((receipt: { id: string }) => receipt.id)).toEqual([ids[0]])
  })

  it('bad queries are 400s in the error shape; another user’s path is a 401', async () => {
    const user = await signUp()
    for (const query of ['limit=0', 'limit=101', 'limit=x', 'actor=robot', 'project_id=-1', 'cursor=garbage!', `cursor=${Buffer.from(JSON.stringify(['2024-02-30T10:45:00.000000Z', randomUUID()])).toString('base64url')}`, 'limit=1&limit=2']) {
      const response = await user.call('GET', `/api/users/${user.id}/receipts?${query}`)
      expect(response.status, query).toBe(400)
      expect(Object.keys(response.body).sort(), query).toEqual(['message', 'statusCode', 'statusMessage'])
    }
    expect((await user.call('GET', `/api/users/${user.id}/receipts/not-a-uuid`)).status).toBe(400)
    const other = await signUp()
    expect((await user.call('GET', `/api/users/${other.id}/receipts`)).status).toBe(401)
  })
})
