import { describe, expect, it } from 'vitest'
import { request, signUp, type TestUser } from '../helpers/client'
import { addMessages, createChat, createProject, listMessages } from '../helpers/fixtures'

const NO_ACCESS = { statusCode: 401, statusMessage: 'Unauthorized', message: 'You do not have access to view the information.' }
const CHAT_NOT_FOUND = { statusCode: 404, statusMessage: 'Not Found', message: 'Chat not found' }
const PROJECT_NOT_FOUND = { statusCode: 404, statusMessage: 'Not Found', message: 'Project not found' }
const BAD_IDS = ['-1', '0', '1.5', '1e3', '99999999999', 'abc']

const deletePath = (user: TestUser, projectId: number | string, chatId: number | string) => `/api/users/${user.id}/projects/${projectId}/chats/${chatId}`
const chatIdsOf = async (user: TestUser, projectId: number) => (await user.call('GET', `/api/users/${user.id}/projects/${projectId}/chats?order_by=id:asc`)).body.chats.map((chat: { id: number }) => chat.id)

describe('DELETE /api/users/[user_id]/projects/[project_id]/chats/[chat_id]', () => {
  it('200 true: the chat, its link and its messages are gone, the other chats untouched', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const chat = await createChat(user, project.id, 'doomed')
    const kept = await createChat(user, project.id, 'kept')
    await addMessages(user, chat.id, ['system', 'user', 'assistant'])
    const keptMessages = await addMessages(user, kept.id, ['user', 'assistant'])
    const response = await user.call('DELETE', deletePath(user, project.id, chat.id))
    expect(response.status).toBe(200)
    expect(response.body).toBe(true)
    expect(response.text).toBe('true')
    expect(await chatIdsOf(user, project.id)).toEqual([kept.id])
    const messages = await user.call('GET', `/api/users/${user.id}/chats/${chat.id}/messages`)
    expect(messages.status).toBe(404)
    expect(await listMessages(user, kept.id)).toEqual(keptMessages)
  })

  it('404 "Chat not found" the second time', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const chat = await createChat(user, project.id)
    expect((await user.call('DELETE', deletePath(user, project.id, chat.id))).status).toBe(200)
    const again = await user.call('DELETE', deletePath(user, project.id, chat.id))
    expect(again.status).toBe(404)
    expect(again.body).toMatchObject(CHAT_NOT_FOUND)
  })

  it('404 "Chat not found" for a chat that does not exist, and nothing changes', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const chat = await createChat(user, project.id)
    const response = await user.call('DELETE', deletePath(user, project.id, 2_147_483_647))
    expect(response.status).toBe(404)
    expect(response.body).toMatchObject(CHAT_NOT_FOUND)
    expect(await chatIdsOf(user, project.id)).toEqual([chat.id])
  })

  it('404 "Chat not found" for the user\'s own chat linked to another of the user\'s projects; it stays', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const other = await createProject(user)
    const chat = await createChat(user, other.id)
    await addMessages(user, chat.id, ['user'])
    const response = await user.call('DELETE', deletePath(user, project.id, chat.id))
    expect(response.status).toBe(404)
    expect(response.body).toMatchObject(CHAT_NOT_FOUND)
    expect(await chatIdsOf(user, other.id)).toEqual([chat.id])
    expect(await listMessages(user, chat.id)).toHaveLength(1)
  })

  it('404 "Chat not found" for another user\'s chat given with the user\'s own project; it stays', async () => {
    const owner = await signUp()
    const intruder = await signUp()
    const ownerProject = await createProject(owner)
    const chat = await createChat(owner, ownerProject.id)
    await addMessages(owner, chat.id, ['user', 'assistant'])
    const intruderProject = await createProject(intruder)
    const response = await intruder.call('DELETE', deletePath(intruder, intruderProject.id, chat.id))
    expect(response.status).toBe(404)
    expect(response.body).toMatchObject(CHAT_NOT_FOUND)
    expect(await chatIdsOf(owner, ownerProject.id)).toEqual([chat.id])
    expect(await listMessages(owner, chat.id)).toHaveLength(2)
  })

  it('404 "Project not found" for another user\'s project (even with that user\'s chat) and for a missing project', async () => {
    const owner = await signUp()
    const intruder = await signUp()
    const project = await createProject(owner)
    const chat = await createChat(owner, project.id)
    for (const projectId of [project.id, 2_147_483_647]) {
      const response = await intruder.call('DELETE', deletePath(intruder, projectId, chat.id))
      expect(response.status).toBe(404)
      expect(response.body).toMatchObject(PROJECT_NOT_FOUND)
    }
    expect(await chatIdsOf(owner, project.id)).toEqual([chat.id])
  })

  it.each(BAD_IDS)('400 "Invalid chat_id" for chat_id %s', async (chatId) => {
    const user = await signUp()
    const project = await createProject(user)
    const response = await user.call('DELETE', deletePath(user, project.id, chatId))
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ statusCode: 400, statusMessage: 'Bad Request', data: { issues: [{ code: 'invalid_type', message: 'Invalid chat_id' }] } })
  })

  it.each(BAD_IDS)('400 "Invalid project_id" for project_id %s', async (projectId) => {
    const user = await signUp()
    const response = await user.call('DELETE', deletePath(user, projectId, 1))
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ statusCode: 400, statusMessage: 'Bad Request', data: { issues: [{ code: 'invalid_type', message: 'Invalid project_id' }] } })
  })

  it.each(BAD_IDS)('400 "Invalid user_id" for user_id %s', async (userId) => {
    const user = await signUp()
    const response = await user.call('DELETE', `/api/users/${userId}/projects/1/chats/1`)
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ statusCode: 400, statusMessage: 'Bad Request', data: { issues: [{ code: 'invalid_type', message: 'Invalid user_id' }] } })
  })

  it('401 without a session; the chat stays', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const chat = await createChat(user, project.id)
    const response = await request('DELETE', deletePath(user, project.id, chat.id))
    expect(response.status).toBe(401)
    expect(response.body).toMatchObject(NO_ACCESS)
    expect(await chatIdsOf(user, project.id)).toEqual([chat.id])
  })

  it('401 for another user\'s user_id; the chat stays', async () => {
    const owner = await signUp()
    const intruder = await signUp()
    const project = await createProject(owner)
    const chat = await createChat(owner, project.id)
    const response = await intruder.call('DELETE', deletePath(owner, project.id, chat.id))
    expect(response.status).toBe(401)
    expect(response.body).toMatchObject(NO_ACCESS)
    expect(await chatIdsOf(owner, project.id)).toEqual([chat.id])
  })
})
