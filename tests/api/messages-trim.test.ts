import { describe, expect, it } from 'vitest'
import { request, signUp, type TestUser } from '../helpers/client'
import { addMessages, createChat, createProject, listMessages, type Message } from '../helpers/fixtures'

const NO_ACCESS = { statusCode: 401, statusMessage: 'Unauthorized', message: 'You do not have access to view the information.' }
const CHAT_NOT_FOUND = { statusCode: 404, statusMessage: 'Not Found', message: 'Chat not found' }
const NO_MESSAGES = { statusCode: 400, statusMessage: 'Bad Request.', data: 'No messages found, for chat.' }
const CHANGED = { statusCode: 409, statusMessage: 'Conflict', message: 'Chat has changed' }
const BAD_IDS = ['-1', '0', '1.5', '1e3', '99999999999', 'abc']

const trimPath = (user: TestUser, chatId: number | string, query = '') => `/api/users/${user.id}/chats/${chatId}/messages/last${query}`
/** A message as the trim answers it: the row of the messages list, created_at as ISO text. */
const asDeleted = (message: Message) => ({ id: message.id, chat_conversation_id: message.chat_conversation_id, actor: message.actor, message: message.message, created_at: message.created_at })

async function chatWith(user: TestUser, ...batches: Parameters<typeof addMessages>[2][]) {
  const project = await createProject(user)
  const chat = await createChat(user, project.id)
  const messages: Message[] = []
  for (const batch of batches) messages.push(...await addMessages(user, chat.id, batch))
  return { chat, messages }
}

describe('DELETE /api/users/[user_id]/chats/[chat_id]/messages/last', () => {
  it('200 {maybeAssistantMessageToDelete, maybeUserMessageToDelete}: the last exchange is deleted, the one before stays', async () => {
    const user = await signUp()
    const { chat, messages } = await chatWith(user, ['system', 'user', 'assistant', 'user', 'assistant'])
    const response = await user.call('DELETE', trimPath(user, chat.id))
    expect(response.status).toBe(200)
    expect(response.body).toEqual({ maybeAssistantMessageToDelete: asDeleted(messages[4]!), maybeUserMessageToDelete: asDeleted(messages[3]!) })
    expect(response.body.maybeAssistantMessageToDelete.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    expect(await listMessages(user, chat.id)).toEqual(messages.slice(0, 3))
  })

  it('orders by id, not by timestamp: messages posted together share created_at and the right two go', async () => {
    const user = await signUp()
    const { chat, messages } = await chatWith(user, ['user', 'assistant', 'user', 'assistant', 'user', 'assistant'])
    expect(new Set(messages.map(message => message.created_at)).size).toBe(1)
    const response = await user.call('DELETE', trimPath(user, chat.id))
    expect(response.status).toBe(200)
    expect(response.body.maybeAssistantMessageToDelete.id).toBe(messages[5]!.id)
    expect(response.body.maybeUserMessageToDelete.id).toBe(messages[4]!.id)
    expect(await listMessages(user, chat.id)).toEqual(messages.slice(0, 4))
  })

  it('200 {deletedSuccessfully, failedToDelete: []}: trailing user messages are deleted, and nothing before them', async () => {
    const user = await signUp()
    const { chat, messages } = await chatWith(user, ['user', 'assistant'], ['user', 'user', 'user'])
    const response = await user.call('DELETE', trimPath(user, chat.id))
    expect(response.status).toBe(200)
    expect(response.body).toEqual({ deletedSuccessfully: messages.slice(2).map(m => m.id), failedToDelete: [] })
    // The exchange the client still shows is kept.
    expect(await listMessages(user, chat.id)).toEqual(messages.slice(0, 2))
  })

  it('one trailing user message: only it is deleted', async () => {
    const user = await signUp()
    const { chat, messages } = await chatWith(user, ['user', 'assistant', 'user'])
    const response = await user.call('DELETE', trimPath(user, chat.id))
    expect(response.body).toEqual({ deletedSuccessfully: [messages[2]!.id], failedToDelete: [] })
    expect(await listMessages(user, chat.id)).toEqual(messages.slice(0, 2))
  })

  it('a chat of user messages only: they are all trailing, all deleted', async () => {
    const user = await signUp()
    const { chat, messages } = await chatWith(user, ['system', 'user', 'user'])
    const response = await user.call('DELETE', trimPath(user, chat.id))
    expect(response.body).toEqual({ deletedSuccessfully: [messages[1]!.id, messages[2]!.id], failedToDelete: [] })
    expect(await listMessages(user, chat.id)).toEqual([messages[0]])
  })

  it('an assistant message with no user message before it: only the assistant message (the key of the user message is absent)', async () => {
    const user = await signUp()
    const { chat, messages } = await chatWith(user, ['system', 'assistant'])
    const response = await user.call('DELETE', trimPath(user, chat.id))
    expect(response.status).toBe(200)
    expect(response.body).toEqual({ maybeAssistantMessageToDelete: asDeleted(messages[1]!) })
    expect(response.body).not.toHaveProperty('maybeUserMessageToDelete')
    expect(await listMessages(user, chat.id)).toEqual([messages[0]])
  })

  it('two assistant messages in a row: only the last one, the actor of the one before is checked', async () => {
    const user = await signUp()
    const { chat, messages } = await chatWith(user, ['user', 'assistant', 'assistant'])
    const response = await user.call('DELETE', trimPath(user, chat.id))
    expect(response.body).toEqual({ maybeAssistantMessageToDelete: asDeleted(messages[2]!) })
    expect(await listMessages(user, chat.id)).toEqual(messages.slice(0, 2))
  })

  it('system messages are never deleted and are skipped when finding the last exchange', async () => {
    const user = await signUp()
    const { chat, messages } = await chatWith(user, ['user', 'assistant', 'user', 'system', 'assistant', 'system'])
    const response = await user.call('DELETE', trimPath(user, chat.id))
    expect(response.body).toEqual({ maybeAssistantMessageToDelete: asDeleted(messages[4]!), maybeUserMessageToDelete: asDeleted(messages[2]!) })
    expect(await listMessages(user, chat.id)).toEqual([messages[0], messages[1], messages[3], messages[5]])
  })

  it('trailing user messages with a system message among them: the user ones go, the system one stays', async () => {
    const user = await signUp()
    const { chat, messages } = await chatWith(user, ['user', 'assistant', 'user', 'system', 'user'])
    const response = await user.call('DELETE', trimPath(user, chat.id))
    expect(response.body).toEqual({ deletedSuccessfully: [messages[2]!.id, messages[4]!.id], failedToDelete: [] })
    expect(await listMessages(user, chat.id)).toEqual(messages.slice(0, 2).concat(messages[3]!))
  })

  it('400 "No messages found, for chat." for an empty chat and for a chat of system messages only', async () => {
    const user = await signUp()
    const { chat: empty } = await chatWith(user)
    const { chat: system, messages } = await chatWith(user, ['system', 'system'])
    for (const chat of [empty, system]) {
      const response = await user.call('DELETE', trimPath(user, chat.id))
      expect(response.status).toBe(400)
      expect(response.body).toMatchObject(NO_MESSAGES)
    }
    expect(await listMessages(user, system.id)).toEqual(messages)
  })

  it('expected_last_message_id equal to the last message: 200', async () => {
    const user = await signUp()
    const { chat, messages } = await chatWith(user, ['user', 'assistant', 'system'])
    const response = await user.call('DELETE', trimPath(user, chat.id, `?expected_last_message_id=${messages[1]!.id}`))
    expect(response.status).toBe(200)
    expect(await listMessages(user, chat.id)).toEqual([messages[2]])
  })

  it('a double click (the same expected_last_message_id twice) deletes one exchange: the second answer is 409', async () => {
    const user = await signUp()
    const { chat, messages } = await chatWith(user, ['user', 'assistant', 'user', 'assistant'])
    const query = `?expected_last_message_id=${messages[3]!.id}`
    const first = await user.call('DELETE', trimPath(user, chat.id, query))
    const second = await user.call('DELETE', trimPath(user, chat.id, query))
    expect(first.status).toBe(200)
    expect(second.status).toBe(409)
    expect(second.body).toMatchObject(CHANGED)
    expect(await listMessages(user, chat.id)).toEqual(messages.slice(0, 2))
  })

  it('409 "Chat has changed" when a message arrived after the one expected, or the chat is now empty; nothing deleted', async () => {
    const user = await signUp()
    const { chat, messages } = await chatWith(user, ['user', 'assistant'], ['user'])
    const stale = await user.call('DELETE', trimPath(user, chat.id, `?expected_last_message_id=${messages[1]!.id}`))
    expect(stale.status).toBe(409)
    expect(stale.body).toMatchObject(CHANGED)
    expect(await listMessages(user, chat.id)).toEqual(messages)
    const { chat: empty } = await chatWith(user)
    const onEmpty = await user.call('DELETE', trimPath(user, empty.id, '?expected_last_message_id=1'))
    expect(onEmpty.status).toBe(409)
    expect(onEmpty.body).toMatchObject(CHANGED)
  })

  it.each(['0', '-1', '1.5', '1e3', '99999999999', 'abc', ''])('400 "Invalid expected_last_message_id" for %j; nothing deleted', async (value) => {
    const user = await signUp()
    const { chat, messages } = await chatWith(user, ['user', 'assistant'])
    const response = await user.call('DELETE', trimPath(user, chat.id, `?expected_last_message_id=${value}`))
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ statusCode: 400, statusMessage: 'Bad Request', data: { issues: [{ code: 'invalid_type', message: 'Invalid expected_last_message_id' }] } })
    expect(await listMessages(user, chat.id)).toEqual(messages)
  })

  it('400 when expected_last_message_id is given twice', async () => {
    const user = await signUp()
    const { chat, messages } = await chatWith(user, ['user', 'assistant'])
    const response = await user.call('DELETE', trimPath(user, chat.id, `?expected_last_message_id=${messages[1]!.id}&expected_last_message_id=${messages[1]!.id}`))
    expect(response.status).toBe(400)
    expect(await listMessages(user, chat.id)).toEqual(messages)
  })

  it('404 "Chat not found" for a chat that does not exist and for another user\'s chat, which stays whole', async () => {
    const owner = await signUp()
    const intruder = await signUp()
    const { chat, messages } = await chatWith(owner, ['user', 'assistant'])
    for (const chatId of [chat.id, 2_147_483_647]) {
      const response = await intruder.call('DELETE', trimPath(intruder, chatId))
      expect(response.status).toBe(404)
      expect(response.body).toMatchObject(CHAT_NOT_FOUND)
    }
    expect(await listMessages(owner, chat.id)).toEqual(messages)
  })

  it.each(BAD_IDS)('400 "Invalid chat_id" for chat_id %s', async (chatId) => {
    const user = await signUp()
    const response = await user.call('DELETE', trimPath(user, chatId))
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ statusCode: 400, statusMessage: 'Bad Request', data: { issues: [{ code: 'invalid_type', message: 'Invalid chat_id' }] } })
  })

  it.each(BAD_IDS)('400 "Invalid user_id" for user_id %s', async (userId) => {
    const user = await signUp()
    const response = await user.call('DELETE', `/api/users/${userId}/chats/1/messages/last`)
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ statusCode: 400, statusMessage: 'Bad Request', data: { issues: [{ code: 'invalid_type', message: 'Invalid user_id' }] } })
  })

  it('401 without a session and for another user\'s user_id; nothing deleted', async () => {
    const owner = await signUp()
    const intruder = await signUp()
    const { chat, messages } = await chatWith(owner, ['user', 'assistant'])
    for (const response of [await request('DELETE', trimPath(owner, chat.id)), await intruder.call('DELETE', trimPath(owner, chat.id))]) {
      expect(response.status).toBe(401)
      expect(response.body).toMatchObject(NO_ACCESS)
    }
    expect(await listMessages(owner, chat.id)).toEqual(messages)
  })
})
