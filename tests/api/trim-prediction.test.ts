import { describe, expect, it } from 'vitest'
import { messagesToTrim, trimmedIds } from '#shared/utils/trim'
import { signUp } from '../helpers/client'
import { addMessages, createChat, createProject, listMessages, type Message } from '../helpers/fixtures'

// The chat page highlights what "Delete last exchange" will remove before it asks; the server
// decides. They must agree on every shape of conversation, so both run on the same random chats
// until nothing is left to trim.

type Actor = Message['actor']
const ACTORS: Actor[] = ['user', 'assistant', 'system']

/** A small deterministic generator: the same chats on every run. */
function random(seed: number) {
  let state = seed
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648
    return state / 2147483648
  }
}

function randomConversations(count: number): Actor[][] {
  const next = random(42)
  return Array.from({ length: count }, () => Array.from({ length: 1 + Math.floor(next() * 9) }, () => ACTORS[Math.floor(next() * (next() < 0.2 ? 3 : 2))]!))
}

describe('the chat page\'s trim prediction (shared/utils/trim.ts) and the trim route', () => {
  it('agree on every step of 30 random conversations, down to "No messages found"', async () => {
    const user = await signUp()
    const project = await createProject(user)
    for (const actors of randomConversations(30)) {
      const chat = await createChat(user, project.id, actors.join(' '))
      await addMessages(user, chat.id, actors)
      for (let step = 0; step <= actors.length; step++) {
        const messages = await listMessages(user, chat.id)
        const predicted = messagesToTrim(messages).map(m => m.id).sort((a, b) => a - b)
        const response = await user.call('DELETE', `/api/users/${user.id}/chats/${chat.id}/messages/last`)
        if (predicted.length === 0) {
          expect(response.status, `${actors.join(',')} step ${step}`).toBe(400)
          break
        }
        expect(response.status, `${actors.join(',')} step ${step}`).toBe(200)
        expect(trimmedIds(response.body).sort((a, b) => a - b), `${actors.join(',')} step ${step}`).toEqual(predicted)
      }
    }
  })
})
