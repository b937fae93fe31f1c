import { randomUUID } from 'node:crypto'
import { inject } from 'vitest'

export const baseURL = inject('baseURL')

export interface ApiResponse<T = any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  status: number
  headers: Headers
  text: string
  /** The parsed JSON body, or undefined when the body is empty or not JSON. */
  body: T
}

export interface RequestOptions {
  cookie?: string
  /** Sent as JSON. */
  json?: unknown
  /** Sent as-is, with content-type application/json unless headers say otherwise. */
  raw?: string
  headers?: Record<string, string>
  /** Another server than the run's (a test that starts its own); `path` is resolved against it. */
  baseURL?: string
  signal?: AbortSignal
}

export async function request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers }
  if (options.cookie) headers.cookie = options.cookie
  let body: string | undefined
  if (options.json !== undefined || options.raw !== undefined) {
    headers['content-type'] ??= 'application/json'
    body = options.raw ?? JSON.stringify(options.json)
  }
  // Joined, not resolved: a path of the fuzz tests may start with // or hold .. segments.
  const url = /^https?:\/\//.test(path) ? path : new URL(options.baseURL ?? baseURL).origin + path
  const response = await fetch(url, { method, headers, body, redirect: 'manual', signal: options.signal })
  const text = await response.text()
  let parsed: T | undefined
  try {
    parsed = text ? JSON.parse(text) as T : undefined
  }
  catch {
    parsed = undefined
  }
  return { status: response.status, headers: response.headers, text, body: parsed as T }
}

/** The number of SQL statements the server ran for a request (its Server-Timing header). */
export function statementsOf(response: ApiResponse): number {
  const match = /statements=(\d+)/.exec(response.headers.get('server-timing') ?? '')
  if (!match) throw new Error(`no statement count in Server-Timing: ${response.headers.get('server-timing')}`)
  return Number(match[1])
}

export function sessionCookieOf(response: ApiResponse): string {
  const setCookie = response.headers.getSetCookie().find(cookie => cookie.startsWith('neptun-session='))
  if (!setCookie) throw new Error('no neptun-session cookie in the response')
  return setCookie.split(';')[0]!
}

export interface TestUser {
  id: number
  email: string
  password: string
  cookie: string
  call: <T = any>(method: string, path: string, options?: Omit<RequestOptions, 'cookie'>) => Promise<ApiResponse<T>> // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Signs a new user up through the real route; every test makes its own (a readable email for screenshots). */
export async function signUp({ email = `user-${randomUUID()}@example.test`, password = 'correct horse battery', server = baseURL } = {}): Promise<TestUser> {
  const response = await request<{ user: { id: number } }>('POST', '/api/auth/register', { json: { email, password }, baseURL: server })
  if (response.status !== 201) throw new Error(`sign-up failed: ${response.status} ${response.text}`)
  const cookie = sessionCookieOf(response)
  return {
    id: response.body.user.id,
    email,
    password,
    cookie,
    call: (method, path, options = {}) => request(method, path, { baseURL: server, ...options, cookie }),
  }
}
