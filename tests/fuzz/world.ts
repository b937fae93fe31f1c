import { request, signUp, type ApiResponse, type TestUser } from '../helpers/client'
import { addMessages, createChat, createProject } from '../helpers/fixtures'

// The data the fuzzer aims at and watches: the signed-in test user ("self") and another user
// ("other"), each with a project of chats with messages. A fingerprint of both, read through the
// API, tells whether a request changed anything.

const MIN_CHATS = 3

export interface Party {
  user: TestUser
  projectId: number
  chatIds: number[]
  /** The last message id of each chat in chatIds (0 when empty), for expected_last_message_id. */
  lastMessageIds: number[]
}

export interface World {
  self: Party
  other: Party
}

export async function makeParty(): Promise<Party> {
  const user = await signUp()
  const party: Party = { user, projectId: (await createProject(user, 'Fuzz target')).id, chatIds: [], lastMessageIds: [] }
  await replenish(party)
  return party
}

export async function makeWorld(): Promise<World> {
  return { self: await makeParty(), other: await makeParty() }
}

function expectOk(response: ApiResponse, what: string): void {
  if (response.status !== 200) throw new Error(`${what}: ${response.status} ${response.text}`)
}

/** Whether a parsed JSON value holds a string (a value or a property name) with a NUL byte or a lone surrogate. */
export function hasBadText(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\0') || !value.isWellFormed()
  if (Array.isArray(value)) return value.some(hasBadText)
  if (value && typeof value === 'object') return Object.entries(value).some(([key, item]) => hasBadText(key) || hasBadText(item))
  return false
}

/**
 * What the party has, as the API shows it: its projects, the project's chats (if it still has it) with their
 * updated_at, and its API keys. None of it may hold bad text: that never reaches the database.
 */
export async function fingerprint(party: Party): Promise<string> {
  const { user } = party
  const [projects, chats, keys] = await Promise.all([
    user.call('GET', `/api/users/${user.id}/projects`),
    user.call('GET', `/api/users/${user.id}/projects/${party.projectId}/chats?order_by=id:asc`),
    user.call('GET', `/api/users/${user.id}/api-keys`),
  ])
  expectOk(projects, 'fingerprint projects')
  // A 2xx DELETE of the project: its chats are gone with it (refresh makes the party a new one).
  const projectGone = !projects.body.projects.some((project: { id: number }) => project.id === party.projectId)
  if (!(projectGone && chats.status === 404)) expectOk(chats, 'fingerprint chats')
  expectOk(keys, 'fingerprint API keys')
  const data = { projects: projects.body, chats: chats.body, keys: keys.body }
  if (hasBadText(data)) throw new Error(`bad text was stored: ${JSON.stringify(data).slice(0, 500)}`)
  return JSON.stringify(data)
}

/** After a 2xx the session may have ended (sign-out and a password change end every session of the account): sign in again. */
async function ensureSignedIn(party: Party): Promise<void> {
  const { user } = party
  if ((await user.call('GET', '/api/auth/session')).status === 200) return
  const login = await request('POST', '/api/auth/login', { json: { email: user.email, password: user.password } })
  if (login.status !== 200) throw new Error(`the fuzzed user can no longer sign in: ${login.status} ${login.text}`)
  const cookie = login.headers.getSetCookie().find(c => c.startsWith('neptun-session='))!.split(';')[0]!
  Object.assign(user, { cookie, call: (method: string, path: string, options = {}) => request(method, path, { ...options, cookie }) })
}

/** Both parties signed in again where a 2xx ended their sessions; their data is left as it is. */
export async function signInAgain(world: World): Promise<void> {
  await Promise.all([ensureSignedIn(world.self), ensureSignedIn(world.other)])
}

/** After a 2xx: chats, or the project itself, may be gone; top the party up again. */
async function replenish(party: Party): Promise<void> {
  const { user } = party
  await ensureSignedIn(party)
  const projects = await user.call('GET', `/api/users/${user.id}/projects`)
  expectOk(projects, 'list projects')
  if (!projects.body.projects.some((project: { id: number }) => project.id === party.projectId)) {
    party.projectId = (await createProject(user, 'Fuzz target')).id
  }
  const chats = await user.call('GET', `/api/users/${user.id}/projects/${party.projectId}/chats?order_by=id:asc`)
  expectOk(chats, 'list chats')
  party.chatIds = chats.body.chats.map((chat: { id: number }) => chat.id)
  while (party.chatIds.length < MIN_CHATS) {
    const chat = await createChat(user, party.projectId, `Fuzz chat ${party.chatIds.length + 1}`)
    await addMessages(user, chat.id, ['system', 'user', 'assistant', 'user', 'assistant'])
    party.chatIds.push(chat.id)
  }
  party.lastMessageIds = await Promise.all(party.chatIds.map(async (chatId) => {
    const messages = await user.call('GET', `/api/users/${user.id}/chats/${chatId}/messages`)
    expectOk(messages, 'list messages')
    return messages.body.messages.at(-1)?.id ?? 0
  }))
}

/** Re-reads both parties after a request that succeeded, and tops their chats up. */
export async function refresh(world: World): Promise<void> {
  await Promise.all([replenish(world.self), replenish(world.other)])
}
