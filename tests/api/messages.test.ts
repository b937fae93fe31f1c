import { describe, expect, it } from 'vitest'
import { request, signUp } from '../helpers/client'
import { addMessages, createChat, createProject } from '../helpers/fixtures'

const path = (userId: number, chatId: number | string) => `/api/users/${userId}/chats/${chatId}/messages`

async function userWithChat() {
  const user = await signUp()
  const project = await createProject(user)
  const chat = await createChat(user, project.id)
  return { user, chat }
}

describe('POST /api/users/[user_id]/chats/[chat_id]/messages', () => {
  it('201 with the inserted messages in the order given', async () => {
    const { user, chat } = await userWithChat()
    const response = await user.call('POST', path(user.id, chat.id), {
      json: { messages: [{ actor: 'system', message: 'Be brief.' }, { actor: 'user', message: 'Why?' }, { actor: 'assistant', message: '**Because.**' }] },
    })
    expect(response.status).toBe(201)
    expect(response.body.messages).toEqual([
      { id: expect.any(Number), chat_conversation_id: chat.id, actor: 'system', message: 'Be brief.', created_at: expect.any(String) },
      { id: expect.any(Number), chat_conversation_id: chat.id, actor: 'user', message: 'Why?', created_at: expect.any(String) },
      { id: expect.any(Number), chat_conversation_id: chat.id, actor: 'assistant', message: '**Because.**', created_at: expect.any(String) },
    ])
    const ids = response.body.messages.map((m: { id: number }) => m.id)
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
  })

  it('accepts 100 messages in one request', async () => {
    const { user, chat } = await userWithChat()
    const messages = await addMessages(user, chat.id, Array.from({ length: 100 }, (_, i) => (i % 2 ? 'assistant' : 'user')))
    expect(messages).toHaveLength(100)
  })

  it.each([
    ['no messages', { messages: [] }],
    ['101 messages', { messages: Array.from({ length: 101 }, () => ({ actor: 'user', message: 'x' })) }],
    ['an unknown actor', { messages: [{ actor: 'robot', message: 'x' }] }],
    ['an empty message', { messages: [{ actor: 'user', message: '' }] }],
    ['no messages key', {}],
  ])('400 for %s, and nothing is inserted', async (_case, json) => {
    const { user, chat } = await userWithChat()
    const response = await user.call('POST', path(user.id, chat.id), { json })
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ statusCode: 400, statusMessage: 'Bad Request', data: { issues: expect.any(Array) } })
    expect((await user.call('GET', path(user.id, chat.id))).body).toEqual({ messages: [] })
  })

  it('404 "Chat not found" for another user\'s chat, and nothing is inserted', async () => {
    const [{ user: alice }, { user: bob, chat: bobsChat }] = await Promise.all([userWithChat(), userWithChat()])
    const response = await alice.call('POST', path(alice.id, bobsChat.id), { json: { messages: [{ actor: 'user', message: 'hi' }] } })
    expect(response.status).toBe(404)
    expect(response.body).toMatchObject({ statusCode: 404, statusMessage: 'Not Found', message: 'Chat not found' })
    expect((await bob.call('GET', path(bob.id, bobsChat.id))).body).toEqual({ messages: [] })
  })
})

describe('GET /api/users/[user_id]/chats/[chat_id]/messages', () => {
  it('200 with the messages in id order', async () => {
    const { user, chat } = await userWithChat()
    const first = await addMessages(user, chat.id, ['user', 'assistant'])
    const second = await addMessages(user, chat.id, ['user'])
    const response = await user.call('GET', path(user.id, chat.id))
    expect(response.status).toBe(200)
    expect(response.body.messages).toEqual([...first, ...second])
  })

  it('404 "Chat not found" for another user\'s chat and for a chat that does not exist', async () => {
    const [{ user: alice }, { chat: bobsChat }] = await Promise.all([userWithChat(), userWithChat()])
    for (const chatId of [bobsChat.id, 2147483647]) {
      const response = await alice.call('GET', path(alice.id, chatId))
      expect(response.status).toBe(404)
      expect(response.body).toMatchObject({ statusCode: 404, statusMessage: 'Not Found', message: 'Chat not found' })
    }
  })

  it.each(['0', '-1', '1.5', '1e3', 'x', '99999999999'])('400 "Invalid chat_id" for %s', async (chatId) => {
    const user = await signUp()
    const response = await user.call('GET', path(user.id, chatId))
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ data: { issues: [{ code: 'invalid_type', message: 'Invalid chat_id' }] } })
  })

  it('401 without a session and for another user\'s user_id', async () => {
    const [{ user: alice }, { user: bob, chat }] = await Promise.all([userWithChat(), userWithChat()])
    expect((await request('GET', path(bob.id, chat.id))).status).toBe(401)
    expect((await alice.call('GET', path(bob.id, chat.id))).status).toBe(401)
  })
})
