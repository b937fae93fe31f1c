import { describe, expect, it } from 'vitest'
import { request, signUp, type TestUser } from '../helpers/client'
import { addMessages, createChat, createProject, listMessages } from '../helpers/fixtures'

const NO_ACCESS = { statusCode: 401, statusMessage: 'Unauthorized', message: 'You do not have access to view the information.' }
const INVALID_BODY = { statusCode: 400, statusMessage: 'Bad Request', message: 'Invalid body(chat_ids)' }
const PROJECT_NOT_FOUND = { statusCode: 404, statusMessage: 'Not Found', message: 'Project not found' }
const BAD_IDS = ['-1', '0', '1.5', '1e3', '99999999999', 'abc']

const batchPath = (user: TestUser, projectId: number | string) => `/api/users/${user.id}/projects/${projectId}/chats`
const chatIdsOf = async (user: TestUser, projectId: number) => (await user.call('GET', `${batchPath(user, projectId)}?order_by=id:asc`)).body.chats.map((chat: { id: number }) => chat.id)

async function projectWithChats(user: TestUser, count: number) {
  const project = await createProject(user)
  const chats = []
  for (let i = 0; i < count; i++) {
    const chat = await createChat(user, project.id, `chat ${i}`)
    await addMessages(user, chat.id, ['user', 'assistant'])
    chats.push(chat)
  }
  return { project, chatIds: chats.map(chat => chat.id) }
}

describe('DELETE /api/users/[user_id]/projects/[project_id]/chats', () => {
  it('200 true: the listed chats, their links and messages are gone; the others stay', async () => {
    const user = await signUp()
    const { project, chatIds: [a, b, c] } = await projectWithChats(user, 3)
    const keptMessages = await listMessages(user, b!)
    const response = await user.call('DELETE', batchPath(user, project.id), { json: { chat_ids: [c, a] } })
    expect(response.status).toBe(200)
    expect(response.body).toBe(true)
    expect(await chatIdsOf(user, project.id)).toEqual([b])
    for (const id of [a, c]) expect((await user.call('GET', `/api/users/${user.id}/chats/${id}/messages`)).status).toBe(404)
    expect(await listMessages(user, b!)).toEqual(keptMessages)
  })

  it('200 true with duplicated ids, which count once', async () => {
    const user = await signUp()
    const { project, chatIds: [a, b] } = await projectWithChats(user, 2)
    const response = await user.call('DELETE', batchPath(user, project.id), { json: { chat_ids: [a, a, a] } })
    expect(response.status).toBe(200)
    expect(response.body).toBe(true)
    expect(await chatIdsOf(user, project.id)).toEqual([b])
  })

  it('200 true for 1000 ids (the maximum, duplicates included)', async () => {
    const user = await signUp()
    const { project, chatIds: [a, b] } = await projectWithChats(user, 2)
    const response = await user.call('DELETE', batchPath(user, project.id), { json: { chat_ids: Array.from({ length: 1000 }, (_, i) => (i % 2 ? a : b)) } })
    expect(response.status).toBe(200)
    expect(await chatIdsOf(user, project.id)).toEqual([])
  })

  it('404 "Chat not found" with missing_chat_ids for another user\'s chat, and nothing is deleted — not even the user\'s own', async () => {
    const owner = await signUp()
    const intruder = await signUp()
    const { project: ownerProject, chatIds: [victim] } = await projectWithChats(owner, 1)
    const { project, chatIds: [own] } = await projectWithChats(intruder, 1)
    const ownerMessages = await listMessages(owner, victim!)
    const response = await intruder.call('DELETE', batchPath(intruder, project.id), { json: { chat_ids: [own, victim] } })
    expect(response.status).toBe(404)
    expect(response.body).toMatchObject({ statusCode: 404, statusMessage: 'Not Found', message: 'Chat not found', data: { missing_chat_ids: [victim] } })
    expect(await chatIdsOf(owner, ownerProject.id)).toEqual([victim])
    expect(await listMessages(owner, victim!)).toEqual(ownerMessages)
    expect(await chatIdsOf(intruder, project.id)).toEqual([own])
    expect(await listMessages(intruder, own!)).toHaveLength(2)
  })

  it('404 with every missing id, once each, in id order: a chat of another project of the user, a chat that does not exist', async () => {
    const user = await signUp()
    const { project, chatIds: [a] } = await projectWithChats(user, 1)
    const { project: other, chatIds: [elsewhere] } = await projectWithChats(user, 1)
    const response = await user.call('DELETE', batchPath(user, project.id), { json: { chat_ids: [2_147_483_647, a, elsewhere, elsewhere] } })
    expect(response.status).toBe(404)
    expect(response.body).toMatchObject({ statusCode: 404, statusMessage: 'Not Found', message: 'Chat not found', data: { missing_chat_ids: [elsewhere, 2_147_483_647] } })
    expect(await chatIdsOf(user, project.id)).toEqual([a])
    expect(await chatIdsOf(user, other.id)).toEqual([elsewhere])
  })

  it('404 "Project not found" for another user\'s project and for a missing one; nothing is deleted', async () => {
    const owner = await signUp()
    const intruder = await signUp()
    const { project, chatIds } = await projectWithChats(owner, 2)
    for (const projectId of [project.id, 2_147_483_647]) {
      const response = await intruder.call('DELETE', batchPath(intruder, projectId), { json: { chat_ids: chatIds } })
      expect(response.status).toBe(404)
      expect(response.body).toMatchObject(PROJECT_NOT_FOUND)
    }
    expect(await chatIdsOf(owner, project.id)).toEqual(chatIds)
  })

  it.each([
    ['no body', undefined],
    ['a body that is not JSON', '{"chat_ids": [1,'],
    ['an empty object', '{}'],
    ['chat_ids null', '{"chat_ids": null}'],
    ['chat_ids not an array', '{"chat_ids": 1}'],
    ['chat_ids a string', '{"chat_ids": "1,2"}'],
    ['chat_ids empty', '{"chat_ids": []}'],
    ['more than 1000 ids', JSON.stringify({ chat_ids: Array.from({ length: 1001 }, () => 1) })],
    ['a negative id', '{"chat_ids": [1, -2]}'],
    ['a zero id', '{"chat_ids": [0]}'],
    ['a fractional id', '{"chat_ids": [1.5]}'],
    ['an id as a string', '{"chat_ids": ["1"]}'],
    ['an id too large for the column', '{"chat_ids": [99999999999]}'],
    ['a null id', '{"chat_ids": [null]}'],
    ['a JSON array body', '[1, 2]'],
    ['a JSON string body', '"chat_ids"'],
  ])('400 "Invalid body(chat_ids)" for %s, nothing deleted', async (_case, raw) => {
    const user = await signUp()
    const { project, chatIds } = await projectWithChats(user, 1)
    const response = await user.call('DELETE', batchPath(user, project.id), raw === undefined ? {} : { raw })
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject(INVALID_BODY)
    expect(response.body).not.toHaveProperty('data')
    expect(await chatIdsOf(user, project.id)).toEqual(chatIds)
  })

  it.each(BAD_IDS)('400 "Invalid project_id" for project_id %s', async (projectId) => {
    const user = await signUp()
    const response = await user.call('DELETE', batchPath(user, projectId), { json: { chat_ids: [1] } })
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ statusCode: 400, statusMessage: 'Bad Request', data: { issues: [{ code: 'invalid_type', message: 'Invalid project_id' }] } })
  })

  it.each(BAD_IDS)('400 "Invalid user_id" for user_id %s', async (userId) => {
    const user = await signUp()
    const response = await user.call('DELETE', `/api/users/${userId}/projects/1/chats`, { json: { chat_ids: [1] } })
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ statusCode: 400, statusMessage: 'Bad Request', data: { issues: [{ code: 'invalid_type', message: 'Invalid user_id' }] } })
  })

  it('401 without a session; nothing deleted', async () => {
    const user = await signUp()
    const { project, chatIds } = await projectWithChats(user, 1)
    const response = await request('DELETE', batchPath(user, project.id), { json: { chat_ids: chatIds } })
    expect(response.status).toBe(401)
    expect(response.body).toMatchObject(NO_ACCESS)
    expect(await chatIdsOf(user, project.id)).toEqual(chatIds)
  })

  it('401 for another user\'s user_id; nothing deleted', async () => {
    const owner = await signUp()
    const intruder = await signUp()
    const { project, chatIds } = await projectWithChats(owner, 1)
    const response = await intruder.call('DELETE', batchPath(owner, project.id), { json: { chat_ids: chatIds } })
    expect(response.status).toBe(401)
    expect(response.body).toMatchObject(NO_ACCESS)
    expect(await chatIdsOf(owner, project.id)).toEqual(chatIds)
  })
})
