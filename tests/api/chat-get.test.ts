import { describe, expect, it } from 'vitest'
import { request, signUp } from '../helpers/client'
import { addMessages, createChat, createProject } from '../helpers/fixtures'

const path = (userId: number, chatId: number | string) => `/api/users/${userId}/chats/${chatId}`

describe('GET /api/users/[user_id]/chats/[chat_id]', () => {
  it('200 with the chat and the project it is linked to', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const chat = await createChat(user, project.id, 'Helm values', 'Qwen/Qwen2.5-Coder-32B-Instruct')
    const response = await user.call('GET', path(user.id, chat.id))
    expect(response.status).toBe(200)
    expect(response.body).toEqual({ chat: { ...chat, project_ids: [project.id] } })
  })

  it('shows the updated_at its messages moved', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const chat = await createChat(user, project.id)
    const [message] = await addMessages(user, chat.id, ['user'])
    const response = await user.call('GET', path(user.id, chat.id))
    expect(Date.parse(response.body.chat.updated_at)).toBeGreaterThanOrEqual(Date.parse(message!.created_at))
  })

  it('404 "Chat not found" for another user\'s chat and for a missing one', async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()])
    const bobsChat = await createChat(bob, (await createProject(bob)).id)
    for (const chatId of [bobsChat.id, 2147483647]) {
      const response = await alice.call('GET', path(alice.id, chatId))
      expect(response.status).toBe(404)
      expect(response.body).toMatchObject({ statusCode: 404, statusMessage: 'Not Found', message: 'Chat not found' })
    }
  })

  it('400 "Invalid chat_id" for a chat_id that is not a positive integer', async () => {
    const user = await signUp()
    const response = await user.call('GET', path(user.id, '1.5'))
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ data: { issues: [{ code: 'invalid_type', message: 'Invalid chat_id' }] } })
  })

  it('401 without a session and for another user\'s user_id', async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()])
    const chat = await createChat(bob, (await createProject(bob)).id)
    expect((await request('GET', path(bob.id, chat.id))).status).toBe(401)
    expect((await alice.call('GET', path(bob.id, chat.id))).status).toBe(401)
  })
})
