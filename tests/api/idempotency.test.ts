import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { signUp, type ApiResponse } from '../helpers/client'
import { createApiKey, createChat, createProject, v1 } from '../helpers/fixtures'
import { openLive } from '../helpers/live'
import { openApiProblems } from '../helpers/openapi'
import { pollUntil } from '../helpers/poll'

// Idempotency-Key on v1 POST and DELETE (docs/api.md, "Idempotency-Key"). What the store does with
// a row older than 24 h or a stale claim is in tests/db/idempotency.test.ts (it sets times back).

async function userWithChats(count = 1) {
  const user = await signUp()
  const { key } = await createApiKey(user)
  const project = await createProject(user)
  const chats = []
  for (let i = 0; i < count; i++) chats.push(await createChat(user, project.id, `Chat ${i}`))
  return { user, key, chats }
}

const withKey = (idempotencyKey: string, headers: Record<string, string> = {}) => ({ headers: { 'idempotency-key': idempotencyKey, ...headers } })

async function receiptsOf(key: string): Promise<{ id: string }[]> {
  const response = await v1(key, 'GET', '/receipts')
  expect(response.status).toBe(200)
  return response.body.receipts
}

async function expectConforms(method: string, path: string, response: ApiResponse) {
  expect(await openApiProblems(method, `/api/v1${path}`, response)).toEqual([])
}

describe('Idempotency-Key', () => {
  it('a retried DELETE gets the first answer byte for byte (status, body, receipt header) marked replayed; the chat was deleted once', async () => {
    const { key, chats: [chat] } = await userWithChats()
    const path = `/chats/${chat!.uuid}`
    const idempotencyKey = randomUUID()
    const first = await v1(key, 'DELETE', path, withKey(idempotencyKey))
    expect(first.status, first.text).toBe(200)
    expect(first.headers.get('idempotent-replayed')).toBeNull()
    const retries = [await v1(key, 'DELETE', path, withKey(idempotencyKey)), await v1(key, 'DELETE', path, withKey(idempotencyKey, { 'authorization': `Bearer ${key}`, 'x-request-id': 'retry-2' }))]
    for (const retry of retries) {
      expect(retry.status).toBe(200)
      expect(retry.text).toBe(first.text)
      expect(retry.headers.get('content-type')).toBe(first.headers.get('content-type'))
      expect(retry.headers.get('neptun-receipt-id')).toBe(first.headers.get('neptun-receipt-id'))
      expect(retry.headers.get('idempotent-replayed')).toBe('true')
      expect(retry.headers.get('original-request-id')).toBe(first.headers.get('x-request-id'))
      expect(retry.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'))
      await expectConforms('DELETE', path, retry)
    }
    await expectConforms('DELETE', path, first)
    expect(retries[1]!.headers.get('x-request-id')).toBe('retry-2')
    // One deletion: one receipt, and the chat is gone; without the key the retry is a 404.
    expect((await receiptsOf(key)).map(receipt => receipt.id)).toEqual([first.headers.get('neptun-receipt-id')])
    expect((await v1(key, 'GET', path)).status).toBe(404)
    expect((await v1(key, 'DELETE', path)).status).toBe(404)
  })

  it('a 404 is stored and replayed too; 400s of bad input are not stored', async () => {
    const { key } = await userWithChats(0)
    const path = `/chats/${randomUUID()}`
    const idempotencyKey = randomUUID()
    const first = await v1(key, 'DELETE', path, withKey(idempotencyKey))
    expect(first.status).toBe(404)
    const retry = await v1(key, 'DELETE', path, withKey(idempotencyKey))
    expect([retry.status, retry.text, retry.headers.get('idempotent-replayed')]).toEqual([404, first.text, 'true'])
    await expectConforms('DELETE', path, retry)
    const badInput = randomUUID()
    const bad = await v1(key, 'DELETE', '/chats/not-a-uuid', withKey(badInput))
    expect(bad.status).toBe(400)
    // Not stored: the same key on a good request runs it.
    const good = await v1(key, 'DELETE', path, withKey(badInput))
    expect([good.status, good.headers.get('idempotent-replayed')]).toEqual([404, null])
  })

  it('the same key with another path, query or body → 422, and nothing runs', async () => {
    const { key, chats: [a, b] } = await userWithChats(2)
    const idempotencyKey = randomUUID()
    expect((await v1(key, 'DELETE', `/chats/${a!.uuid}`, withKey(idempotencyKey))).status).toBe(200)
    const otherPath = await v1(key, 'DELETE', `/chats/${b!.uuid}`, withKey(idempotencyKey))
    expect(otherPath.status).toBe(422)
    expect(otherPath.body).toEqual({ statusCode: 422, statusMessage: 'Unprocessable Entity', message: 'This Idempotency-Key was already used for another request (a different method, path or body)' })
    await expectConforms('DELETE', `/chats/${b!.uuid}`, otherPath)
    expect((await v1(key, 'DELETE', `/chats/${a!.uuid}?force=true`, withKey(idempotencyKey))).status).toBe(422)
    expect((await v1(key, 'DELETE', `/chats/${a!.uuid}`, { ...withKey(idempotencyKey), raw: '{"other":"body"}' })).status).toBe(422)
    expect((await v1(key, 'GET', `/chats/${b!.uuid}`)).status).toBe(200)
    expect(await receiptsOf(key)).toHaveLength(1)
  })

  it('concurrent requests with one key: exactly one runs, the others get 409 (Retry-After) or its answer replayed', async () => {
    const { key, chats: [chat] } = await userWithChats()
    const path = `/chats/${chat!.uuid}`
    const idempotencyKey = randomUUID()
    const answers = await Promise.all(Array.from({ length: 6 }, () => v1(key, 'DELETE', path, withKey(idempotencyKey))))
    const ran = answers.filter(answer => answer.status === 200 && answer.headers.get('idempotent-replayed') === null)
    expect(ran).toHaveLength(1)
    for (const answer of answers) {
      if (answer.status === 409) {
        expect(answer.body.message).toBe('A request with this Idempotency-Key is still running; retry later')
        expect(answer.headers.get('retry-after')).toBe('1')
      }
      else {
        expect([answer.status, answer.text]).toEqual([200, ran[0]!.text])
      }
      await expectConforms('DELETE', path, answer)
    }
    expect(await receiptsOf(key)).toHaveLength(1)
    const later = await v1(key, 'DELETE', path, withKey(idempotencyKey))
    expect([later.status, later.text, later.headers.get('idempotent-replayed')]).toEqual([200, ran[0]!.text, 'true'])
  })

  it('a 409 (live connections) is not stored: the retry with the same key runs once the chat is free', async () => {
    const { key, chats: [chat] } = await userWithChats()
    const path = `/chats/${chat!.uuid}`
    const idempotencyKey = randomUUID()
    const socket = await openLive(`/api/v1/chats/${chat!.uuid}/live`, { apiKey: key })
    const refused = await v1(key, 'DELETE', path, withKey(idempotencyKey))
    expect(refused.status).toBe(409)
    expect(refused.body.data).toEqual({ active_connections: 1 })
    await socket.close()
    const deleted = await pollUntil(() => v1(key, 'DELETE', path, withKey(idempotencyKey)), answer => answer.status !== 409, 'the delete once the socket is gone')
    expect([deleted.status, deleted.headers.get('idempotent-replayed')]).toEqual([200, null])
    expect(await receiptsOf(key)).toHaveLength(1)
  })

  it('an invalid Idempotency-Key → 400 before anything runs', async () => {
    const { key, chats: [chat] } = await userWithChats()
    const path = `/chats/${chat!.uuid}`
    for (const invalid of ['', 'x'.repeat(256), 'tab\there', 'ünïcode']) {
      const response = await v1(key, 'DELETE', path, withKey(invalid))
      expect(response.status, JSON.stringify(invalid)).toBe(400)
      expect(response.body).toEqual({ statusCode: 400, statusMessage: 'Bad Request', message: 'Invalid Idempotency-Key: give 1 to 255 printable ASCII characters' })
      await expectConforms('DELETE', path, response)
    }
    expect((await v1(key, 'GET', path)).status).toBe(200)
    // 255 printable characters, spaces inside, are a valid key.
    const longest = `a ${'~'.repeat(252)}z`
    expect((await v1(key, 'DELETE', path, withKey(longest))).status).toBe(200)
    expect((await v1(key, 'DELETE', path, withKey(longest))).headers.get('idempotent-replayed')).toBe('true')
  })

  it('keys are per account: another user\'s same Idempotency-Key is independent; a GET ignores the header', async () => {
    const alice = await userWithChats()
    const bob = await userWithChats()
    const idempotencyKey = randomUUID()
    const byAlice = await v1(alice.key, 'DELETE', `/chats/${alice.chats[0]!.uuid}`, withKey(idempotencyKey))
    expect(byAlice.status).toBe(200)
    // Bob's request with the same key and Alice's path: his own 404, not her stored answer.
    const bobOnAlicesPath = await v1(bob.key, 'DELETE', `/chats/${alice.chats[0]!.uuid}`, withKey(idempotencyKey))
    expect([bobOnAlicesPath.status, bobOnAlicesPath.headers.get('idempotent-replayed')]).toEqual([404, null])
    const bobsKey = randomUUID()
    expect((await v1(bob.key, 'DELETE', `/chats/${bob.chats[0]!.uuid}`, withKey(bobsKey))).status).toBe(200)
    expect((await v1(alice.key, 'DELETE', `/chats/${bob.chats[0]!.uuid}`, withKey(bobsKey))).status).toBe(404)
    const get = await v1(alice.key, 'GET', '/chats', withKey(idempotencyKey))
    expect([get.status, get.headers.get('idempotent-replayed')]).toEqual([200, null])
  })

  it('a second key of the same account replays the answer (answers belong to the account), within that key\'s scopes', async () => {
    const { user, key, chats: [chat] } = await userWithChats()
    const path = `/chats/${chat!.uuid}`
    const idempotencyKey = randomUUID()
    const first = await v1(key, 'DELETE', path, withKey(idempotencyKey))
    const { key: second } = await createApiKey(user, 'second')
    const { key: readOnly } = await createApiKey(user, 'read only', { scopes: ['chats:read'] })
    const replay = await v1(second, 'DELETE', path, withKey(idempotencyKey))
    expect([replay.status, replay.text, replay.headers.get('idempotent-replayed')]).toEqual([200, first.text, 'true'])
    expect((await v1(readOnly, 'DELETE', path, withKey(idempotencyKey))).status).toBe(403)
  })
})

describe('Idempotency-Key on POST routes with a body', () => {
  it('POST …/messages: a retry replays the 201 and its messages; the messages were added once; another body → 422', async () => {
    const { key, chats: [chat] } = await userWithChats()
    const path = `/chats/${chat!.uuid}/messages`
    const idempotencyKey = randomUUID()
    const json = { messages: [{ actor: 'user', message: 'once' }] }
    const first = await v1(key, 'POST', path, { ...withKey(idempotencyKey), json })
    expect(first.status, first.text).toBe(201)
    const retry = await v1(key, 'POST', path, { ...withKey(idempotencyKey), json })
    expect([retry.status, retry.text, retry.headers.get('idempotent-replayed')]).toEqual([201, first.text, 'true'])
    await expectConforms('POST', path, first)
    await expectConforms('POST', path, retry)
    const other = await v1(key, 'POST', path, { ...withKey(idempotencyKey), json: { messages: [{ actor: 'user', message: 'twice' }] } })
    expect(other.status).toBe(422)
    await expectConforms('POST', path, other)
    const listed = await v1(key, 'GET', path)
    expect(listed.body.messages.map((message: { message: string }) => message.message)).toEqual(['once'])
  })

  it('concurrent POST …/messages with one key: the messages are added once', async () => {
    const { key, chats: [chat] } = await userWithChats()
    const path = `/chats/${chat!.uuid}/messages`
    const idempotencyKey = randomUUID()
    const json = { messages: [{ actor: 'user', message: 'only once' }, { actor: 'assistant', message: 'reply' }] }
    const answers = await Promise.all(Array.from({ length: 5 }, () => v1(key, 'POST', path, { ...withKey(idempotencyKey), json })))
    expect(answers.filter(answer => answer.status === 201 && answer.headers.get('idempotent-replayed') === null)).toHaveLength(1)
    for (const answer of answers) {
      expect([201, 409]).toContain(answer.status)
      await expectConforms('POST', path, answer)
    }
    const listed = await v1(key, 'GET', path)
    expect(listed.body.messages).toHaveLength(2)
  })

  it('POST /chats/batch-delete: replayed with its results; the same key with other ids → 422, nothing deleted', async () => {
    const { key, chats: [a, b] } = await userWithChats(2)
    const idempotencyKey = randomUUID()
    const first = await v1(key, 'POST', '/chats/batch-delete', { ...withKey(idempotencyKey), json: { chat_ids: [a!.uuid] } })
    expect(first.status, first.text).toBe(200)
    const retry = await v1(key, 'POST', '/chats/batch-delete', { ...withKey(idempotencyKey), json: { chat_ids: [a!.uuid] } })
    expect([retry.status, retry.text, retry.headers.get('idempotent-replayed')]).toEqual([200, first.text, 'true'])
    await expectConforms('POST', '/chats/batch-delete', retry)
    const other = await v1(key, 'POST', '/chats/batch-delete', { ...withKey(idempotencyKey), json: { chat_ids: [b!.uuid] } })
    expect(other.status).toBe(422)
    expect((await v1(key, 'GET', `/chats/${b!.uuid}`)).status).toBe(200)
    expect(await receiptsOf(key)).toHaveLength(1)
  })
})

describe('the OpenAPI document', () => {
  it('lists the Idempotency-Key header on every POST and DELETE, with 409 and 422', async () => {
    const document = (await v1(undefined, 'GET', '/openapi.json')).body
    let count = 0
    for (const operations of Object.values<Record<string, { parameters: { name: string, in: string }[], responses: Record<string, unknown> }>>(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const has = operation.parameters.some(parameter => parameter.name === 'Idempotency-Key' && parameter.in === 'header')
        expect(has, method).toBe(method === 'post' || method === 'delete')
        if (has) {
          count++
          expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['409', '422']))
        }
      }
    }
    expect(count).toBeGreaterThan(0)
  })
})
