// A minimal client of the built server: fetch with the session cookie, the whole body read, and the
// statement count of Server-Timing.

export interface Answer {
  status: number
  body: string
  /** Size of the body as sent (after any decoding fetch does; the server does not compress). */
  bytes: number
  /** From `Server-Timing: db;desc="statements=N"`; undefined when the header is missing. */
  statements: number | undefined
}

export class Session {
  constructor(readonly baseURL: string, readonly cookie: string, readonly userId: number) {}

  async call(method: string, path: string, json?: unknown): Promise<Answer> {
    const response = await fetch(`${this.baseURL}${path}`, {
      method,
      headers: { cookie: this.cookie, ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
      body: json === undefined ? undefined : JSON.stringify(json),
    })
    const buffer = await response.arrayBuffer()
    return { status: response.status, body: new TextDecoder().decode(buffer), bytes: buffer.byteLength, statements: statementsOf(response) }
  }

  /** Like call, but anything other than the expected status stops the benchmark. */
  async expect(status: number, method: string, path: string, json?: unknown): Promise<Answer> {
    const answer = await this.call(method, path, json)
    if (answer.status !== status) throw new Error(`${method} ${path} answered ${answer.status}, expected ${status}: ${answer.body.slice(0, 300)}`)
    return answer
  }
}

function statementsOf(response: Response): number | undefined {
  const match = /statements=(\d+)/.exec(response.headers.get('server-timing') ?? '')
  return match ? Number(match[1]) : undefined
}

/** Signs up a fresh account and keeps its cookie. */
export async function register(baseURL: string, email: string, password: string): Promise<Session> {
  const response = await fetch(`${baseURL}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  const text = await response.text()
  if (response.status !== 201) throw new Error(`register answered ${response.status}: ${text}`)
  const cookie = response.headers.getSetCookie().map(header => header.split(';')[0]!).find(pair => pair.startsWith('neptun-session='))
  if (!cookie) throw new Error('register set no neptun-session cookie')
  const { user } = JSON.parse(text) as { user: { id: number } }
  return new Session(baseURL, cookie, user.id)
}
