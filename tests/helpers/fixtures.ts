import { request, type ApiResponse, type RequestOptions, type TestUser } from './client'
import { openApiProblems } from './openapi'

export interface Chat { id: number, uuid: string, neptun_user_id: number, name: string, model: string, created_at: string, updated_at: string, kept: boolean }
export interface Message { id: number, chat_conversation_id: number, actor: 'user' | 'assistant' | 'system', message: string, created_at: string }
type Actor = Message['actor']

function expectStatus(status: number, expected: number, what: string, text: string) {
  if (status !== expected) throw new Error(`${what}: expected ${expected}, got ${status} ${text}`)
}

export async function createProject(user: TestUser, name = 'Project'): Promise<{ id: number }> {
  const response = await user.call('POST', `/api/users/${user.id}/projects`, { json: { name } })
  expectStatus(response.status, 201, 'create project', response.text)
  return response.body.project
}

export async function createChat(user: TestUser, projectId: number, name = 'Chat', model = 'google/gemma-2-27b-it'): Promise<Chat> {
  const response = await user.call('POST', `/api/users/${user.id}/projects/${projectId}/chats`, { json: { name, model } })
  expectStatus(response.status, 201, 'create chat', response.text)
  return response.body.chat
}

/** Adds messages given as actors (`['user', 'assistant']`) or as full `{actor, message}` objects. */
export async function addMessages(user: TestUser, chatId: number, messages: (Actor | { actor: Actor, message: string })[]): Promise<Message[]> {
  const body = messages.map((m, i) => typeof m === 'string' ? { actor: m, message: `${m} message ${i + 1}` } : m)
  const response = await user.call('POST', `/api/users/${user.id}/chats/${chatId}/messages`, { json: { messages: body } })
  expectStatus(response.status, 201, 'add messages', response.text)
  return response.body.messages
}

export async function listMessages(user: TestUser, chatId: number): Promise<Message[]> {
  const response = await user.call('GET', `/api/users/${user.id}/chats/${chatId}/messages`)
  expectStatus(response.status, 200, 'list messages', response.text)
  return response.body.messages
}

export type Scope = 'chats:read' | 'chats:delete' | 'messages:read' | 'messages:write'
export const ALL_SCOPES: readonly Scope[] = ['chats:read', 'chats:delete', 'messages:read', 'messages:write']

export interface ApiKey { id: number, name: string, prefix: string, scopes: Scope[], created_at: string, last_used_at: string | null, expires_at: string | null }

/** A new API key of the user, through the cookie route: its row and the secret (shown only here). */
export async function createApiKey(user: TestUser, name = 'ci', options: { scopes?: readonly Scope[], expires_in_days?: number | null } = {}): Promise<{ apiKey: ApiKey, key: string }> {
  const response = await user.call('POST', `/api/users/${user.id}/api-keys`, { json: { name, ...options } })
  expectStatus(response.status, 201, 'create API key', response.text)
  return { apiKey: response.body.api_key, key: response.body.key }
}

/** A v1 request with this X-API-Key (no cookie). */
/**
 * A v1 request, its answer checked against /api/v1/openapi.json (status, headers, body): every
 * test that calls v1 also tests that the document has not drifted from the code. Paths the
 * document has no operation for (the unknown-route tests) are not checked.
 */
export async function v1(key: string | undefined, method: string, path: string, options: Omit<RequestOptions, 'cookie'> = {}): Promise<ApiResponse> {
  const response = await request(method, `/api/v1${path}`, { ...options, headers: { ...(key === undefined ? {} : { 'x-api-key': key }), ...options.headers } })
  const problems = (await openApiProblems(method, `/api/v1${path}`, response)).filter(problem => !problem.endsWith('no operation in the document'))
  if (problems.length) throw new Error(`the answer departs from the OpenAPI document:\n${problems.join('\n')}`)
  return response
}
