import { beforeAll, describe, expect, it } from 'vitest'
import { signUp, type ApiResponse, type TestUser } from '../helpers/client'
import { addMessages, createChat, createProject, listMessages, type Message } from '../helpers/fixtures'

// Two users, A and B. For every route and every id A must not reach, A gets the right 404 and
// nothing of B's (or A's) changes.

const MISSING = 2_147_483_647
const CHAT_NOT_FOUND = { statusCode: 404, statusMessage: 'Not Found', message: 'Chat not found' }
const PROJECT_NOT_FOUND = { statusCode: 404, statusMessage: 'Not Found', message: 'Project not found' }

interface World {
  a: TestUser
  b: TestUser
  /** A's project with A's chat aChat; A's other project with aOtherChat. */
  aProject: number
  aChat: number
  aOtherProject: number
  aOtherChat: number
  /** B's project with B's chat, which is linked there. */
  bProject: number
  bChat: number
  bLastMessage: number
}

async function makeWorld(): Promise<World> {
  const [a, b] = await Promise.all([signUp(), signUp()])
  const aProject = (await createProject(a, 'A main')).id
  const aChat = (await createChat(a, aProject, 'A chat')).id
  const aOtherProject = (await createProject(a, 'A other')).id
  const aOtherChat = (await createChat(a, aOtherProject, 'A other chat')).id
  const bProject = (await createProject(b, 'B main')).id
  const bChat = (await createChat(b, bProject, 'B chat')).id
  await addMessages(a, aChat, ['user', 'assistant'])
  await addMessages(a, aOtherChat, ['user', 'assistant'])
  const bMessages = await addMessages(b, bChat, ['system', 'user', 'assistant', 'user'])
  return { a, b, aProject, aChat, aOtherProject, aOtherChat, bProject, bChat, bLastMessage: bMessages.at(-1)!.id }
}

interface Snapshot {
  chats: Record<number, unknown[]>
  messages: Record<number, Message[]>
}

/** Everything both users have, read through the routes. */
async function snapshot(w: World): Promise<Snapshot> {
  const chatsOf = async (user: TestUser, project: number) => (await user.call('GET', `/api/users/${user.id}/projects/${project}/chats?order_by=id:asc`)).body.chats
  return {
    chats: {
      [w.aProject]: await chatsOf(w.a, w.aProject),
      [w.aOtherProject]: await chatsOf(w.a, w.aOtherProject),
      [w.bProject]: await chatsOf(w.b, w.bProject),
    },
    messages: {
      [w.aChat]: await listMessages(w.a, w.aChat),
      [w.aOtherChat]: await listMessages(w.a, w.aOtherChat),
      [w.bChat]: await listMessages(w.b, w.bChat),
    },
  }
}

interface Case {
  name: string
  call: (w: World) => Promise<ApiResponse>
  expected: (w: World) => object
}

const list = (project: (w: World) => number) => (w: World) => w.a.call('GET', `/api/users/${w.a.id}/projects/${project(w)}/chats`)
const deleteOne = (project: (w: World) => number, chat: (w: World) => number) => (w: World) => w.a.call('DELETE', `/api/users/${w.a.id}/projects/${project(w)}/chats/${chat(w)}`)
const deleteMany = (project: (w: World) => number, chats: (w: World) => number[]) => (w: World) => w.a.call('DELETE', `/api/users/${w.a.id}/projects/${project(w)}/chats`, { json: { chat_ids: chats(w) } })
const trim = (chat: (w: World) => number, query: (w: World) => string = () => '') => (w: World) => w.a.call('DELETE', `/api/users/${w.a.id}/chats/${chat(w)}/messages/last${query(w)}`)
const missing = (ids: (w: World) => number[]) => (w: World) => ({ ...CHAT_NOT_FOUND, data: { missing_chat_ids: ids(w) } })
const project404 = () => PROJECT_NOT_FOUND
const chat404 = () => CHAT_NOT_FOUND

const cases: Case[] = [
  { name: 'list · B\'s project', call: list(w => w.bProject), expected: project404 },
  { name: 'list · a missing project', call: list(() => MISSING), expected: project404 },

  { name: 'delete one · B\'s chat in B\'s project', call: deleteOne(w => w.bProject, w => w.bChat), expected: project404 },
  { name: 'delete one · B\'s chat in A\'s project', call: deleteOne(w => w.aProject, w => w.bChat), expected: chat404 },
  { name: 'delete one · A\'s chat in B\'s project', call: deleteOne(w => w.bProject, w => w.aChat), expected: project404 },
  { name: 'delete one · A\'s chat of A\'s other project', call: deleteOne(w => w.aProject, w => w.aOtherChat), expected: chat404 },
  { name: 'delete one · a missing chat', call: deleteOne(w => w.aProject, () => MISSING), expected: chat404 },
  { name: 'delete one · a missing project', call: deleteOne(() => MISSING, w => w.aChat), expected: project404 },

  { name: 'delete many · B\'s chat in B\'s project', call: deleteMany(w => w.bProject, w => [w.bChat]), expected: project404 },
  { name: 'delete many · B\'s chat in A\'s project', call: deleteMany(w => w.aProject, w => [w.bChat]), expected: missing(w => [w.bChat]) },
  { name: 'delete many · A\'s chat with B\'s chat', call: deleteMany(w => w.aProject, w => [w.aChat, w.bChat]), expected: missing(w => [w.bChat]) },
  { name: 'delete many · A\'s chat of A\'s other project', call: deleteMany(w => w.aProject, w => [w.aChat, w.aOtherChat]), expected: missing(w => [w.aOtherChat]) },
  { name: 'delete many · a missing chat', call: deleteMany(w => w.aProject, w => [w.aChat, MISSING]), expected: missing(() => [MISSING]) },
  { name: 'delete many · a missing project', call: deleteMany(() => MISSING, w => [w.aChat]), expected: project404 },
  { name: 'delete many · A\'s chat in B\'s project', call: deleteMany(w => w.bProject, w => [w.aChat]), expected: project404 },

  { name: 'trim · B\'s chat', call: trim(w => w.bChat), expected: chat404 },
  { name: 'trim · B\'s chat with its real last message id', call: trim(w => w.bChat, w => `?expected_last_message_id=${w.bLastMessage}`), expected: chat404 },
  { name: 'trim · a missing chat', call: trim(() => MISSING), expected: chat404 },
]

describe('two users never cross: each route × each id A may not reach', () => {
  let world: World
  let before: Snapshot

  beforeAll(async () => {
    world = await makeWorld()
    before = await snapshot(world)
  })

  it.each(cases.map(c => [c.name, c] as const))('%s → the right 404, nothing changed', async (_name, c) => {
    const response = await c.call(world)
    expect(response.status).toBe(404)
    expect(response.body).toMatchObject(c.expected(world))
    expect(response.text).not.toMatch(/B chat/)
    expect(await snapshot(world)).toEqual(before)
  })

  it('B\'s chat linked into A\'s project is never listed nor deleted, and B still sees and owns it', async () => {
    // There is no route that links a chat of another user; tests/db/project-chats.test.ts inserts
    // such a link directly. Here: A lists its project and gets only its own chat.
    const response = await world.a.call('GET', `/api/users/${world.a.id}/projects/${world.aProject}/chats`)
    expect(response.status).toBe(200)
    expect(response.body.chats.map((chat: { id: number }) => chat.id)).toEqual([world.aChat])
    expect(await snapshot(world)).toEqual(before)
  })
})
