import { describe, expect, it } from 'vitest'
import { statementsOf, signUp, type TestUser } from '../helpers/client'
import { addMessages, createChat, createProject } from '../helpers/fixtures'

// Each route costs a constant number of SQL statements (Server-Timing, BEGIN/COMMIT not counted),
// whatever the number of chats, ids or messages. The numbers are the design; these routes check
// that the session was not revoked inside their first statement (no look-up of its own):
//   list: 1 (session, project and chats in one statement)
//   delete one / delete many: 1 lock-and-authorise SELECT + 3 DELETEs (messages, links, chats);
//     the last DELETE also queues the NOTIFY for the live sockets
//   trim: 1 chat lock + 1 tail read + 1 DELETE that also queues the NOTIFY
// Only when that first statement finds nothing does a second one tell a revoked session (401) from
// a missing resource (404).
// Error answers carry the header too; their counts are also asserted in-process in tests/db.

async function projectWithChats(user: TestUser, count: number) {
  const project = await createProject(user)
  const chatIds: number[] = []
  // Ten at a time: fast, and the server is not flooded.
  for (let i = 0; i < count; i += 10) {
    const batch = await Promise.all(Array.from({ length: Math.min(10, count - i) }, (_, j) => createChat(user, project.id, `chat ${i + j}`)))
    chatIds.push(...batch.map(chat => chat.id))
  }
  return { project, chatIds }
}

async function chatWithExchanges(user: TestUser, exchanges: number) {
  const project = await createProject(user)
  const chat = await createChat(user, project.id)
  for (let i = 0; i < exchanges; i += 50) {
    await addMessages(user, chat.id, Array.from({ length: Math.min(50, exchanges - i) }, () => ['user', 'assistant'] as const).flat())
  }
  return chat
}

describe('statements per request', () => {
  it('GET …/projects/[project_id]/chats: 1 statement with 3 chats and with 300 chats', async () => {
    const user = await signUp()
    const small = await projectWithChats(user, 3)
    const large = await projectWithChats(user, 300)
    const counts = []
    for (const { project, chatIds } of [small, large]) {
      const response = await user.call('GET', `/api/users/${user.id}/projects/${project.id}/chats?order_by=name:asc,created_at:desc`)
      expect(response.status).toBe(200)
      expect(response.body.chats).toHaveLength(chatIds.length)
      counts.push(statementsOf(response))
    }
    expect(counts).toEqual([1, 1])
  })

  it('DELETE …/projects/[project_id]/chats/[chat_id]: 4 statements in a project of 3 chats and of 300 chats', async () => {
    const user = await signUp()
    const counts = []
    for (const size of [3, 300]) {
      const { project, chatIds } = await projectWithChats(user, size)
      await addMessages(user, chatIds[0]!, ['user', 'assistant'])
      const response = await user.call('DELETE', `/api/users/${user.id}/projects/${project.id}/chats/${chatIds[0]}`)
      expect(response.status).toBe(200)
      counts.push(statementsOf(response))
    }
    expect(counts).toEqual([4, 4])
  })

  it('DELETE …/projects/[project_id]/chats: 4 statements for 3 ids and for 300 ids', async () => {
    const user = await signUp()
    const counts = []
    for (const size of [3, 300]) {
      const { project, chatIds } = await projectWithChats(user, size)
      const response = await user.call('DELETE', `/api/users/${user.id}/projects/${project.id}/chats`, { json: { chat_ids: chatIds } })
      expect(response.status).toBe(200)
      counts.push(statementsOf(response))
    }
    expect(counts).toEqual([4, 4])
  })

  it('DELETE …/chats/[chat_id]/messages/last: 3 statements on 3 and on 300 messages, whichever case', async () => {
    const user = await signUp()
    const counts = []
    for (const exchanges of [2, 150]) {
      const chat = await chatWithExchanges(user, exchanges)
      const exchange = await user.call('DELETE', `/api/users/${user.id}/chats/${chat.id}/messages/last`)
      expect(exchange.status).toBe(200)
      counts.push(statementsOf(exchange))
      // Now ends with user messages: 1 of them on the small chat, 150 trailing ones on the large chat.
      await addMessages(user, chat.id, Array.from({ length: exchanges === 2 ? 1 : 100 }, () => 'user' as const))
      const trailing = await user.call('DELETE', `/api/users/${user.id}/chats/${chat.id}/messages/last`)
      expect(trailing.status).toBe(200)
      expect(trailing.body.deletedSuccessfully.length).toBeGreaterThan(0)
      counts.push(statementsOf(trailing))
    }
    expect(counts).toEqual([3, 3, 3, 3])
  })

  it('error answers report their statements too: a 404 costs 2 (the look-up, then the session), a 401 for another user’s path none', async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()])
    const bobsProject = await createProject(bob)
    const notFound = await alice.call('GET', `/api/users/${alice.id}/projects/${bobsProject.id}/chats`)
    expect(notFound.status).toBe(404)
    expect(statementsOf(notFound)).toBe(2)
    const unauthorized = await alice.call('GET', `/api/users/${bob.id}/projects/${bobsProject.id}/chats`)
    expect(unauthorized.status).toBe(401)
    expect(statementsOf(unauthorized)).toBe(0)
  })
})
