import { describe, expect, it } from 'vitest'
import { signUp } from '../helpers/client'
import { addMessages, createChat, createProject, listMessages, type Message } from '../helpers/fixtures'

type Actor = Message['actor']

/** The trim's rules, run on a list: what one trim leaves (null when it answers 400). */
function trimOnce(messages: Message[]): Message[] | null {
  const spoken = messages.filter(m => m.actor !== 'system')
  const last = spoken.at(-1)
  if (!last) return null
  let doomed: number[]
  if (last.actor === 'user') {
    const lastAssistant = spoken.findLastIndex(m => m.actor === 'assistant')
    doomed = spoken.slice(lastAssistant + 1).map(m => m.id)
  }
  else {
    const before = spoken.at(-2)
    doomed = [last.id, ...(before?.actor === 'user' ? [before.id] : [])]
  }
  return messages.filter(m => !doomed.includes(m.id))
}

function sequentially(messages: Message[], trims: number): { remaining: Message[], successes: number } {
  let remaining = messages
  let successes = 0
  for (let i = 0; i < trims; i++) {
    const next = trimOnce(remaining)
    if (next === null) continue
    remaining = next
    successes++
  }
  return { remaining, successes }
}

/** The ids a 200 answer says it deleted, whichever shape. */
function deletedIds(body: Record<string, unknown>): number[] {
  if (Array.isArray(body.deletedSuccessfully)) return body.deletedSuccessfully as number[]
  return ['maybeAssistantMessageToDelete', 'maybeUserMessageToDelete']
    .flatMap(key => body[key] ? [(body[key] as { id: number }).id] : [])
}

async function concurrentTrims(actors: Actor[], trims: number) {
  const user = await signUp()
  const project = await createProject(user)
  const chat = await createChat(user, project.id)
  const messages = await addMessages(user, chat.id, actors)
  const expected = sequentially(messages, trims)

  const responses = await Promise.all(Array.from({ length: trims }, () =>
    user.call('DELETE', `/api/users/${user.id}/chats/${chat.id}/messages/last`)))

  for (const response of responses) expect([200, 400], response.text).toContain(response.status)
  const ok = responses.filter(response => response.status === 200)
  expect(ok).toHaveLength(expected.successes)
  for (const response of responses.filter(r => r.status === 400)) {
    expect(response.body).toMatchObject({ statusCode: 400, statusMessage: 'Bad Request.', data: 'No messages found, for chat.' })
  }
  const deleted = ok.flatMap(response => deletedIds(response.body))
  expect(new Set(deleted).size).toBe(deleted.length) // no message deleted twice
  const remaining = await listMessages(user, chat.id)
  expect(remaining).toEqual(expected.remaining)
  expect(deleted.sort((x, y) => x - y)).toEqual(messages.filter(m => !remaining.some(r => r.id === m.id)).map(m => m.id))
}

describe('20 concurrent trims of one chat', () => {
  it('delete exactly what 20 sequential trims would: trailing user messages first, then 19 exchanges', async () => {
    const exchanges = Array.from({ length: 25 }, () => ['user', 'assistant'] as Actor[]).flat()
    await concurrentTrims(['system', ...exchanges, 'user', 'user'], 20)
  })

  it('more trims than exchanges: the extra ones answer 400, never 500, and the system message stays', async () => {
    const exchanges = Array.from({ length: 15 }, () => ['user', 'assistant'] as Actor[]).flat()
    await concurrentTrims(['system', ...exchanges], 20)
  })
})
