import { randomUUID } from 'node:crypto'
import { sealSession, type H3Event } from 'h3'
import { TEST_SESSION_PASSWORD } from '../setup/test-env'

export interface ForgedSession {
  user: { id: number, primary_email: string }
  sessionVersion: number
  /** When the session claims to have started; older than 7 days is expired. */
  createdAt?: number
  /** The password it is sealed with; the test server's unless said otherwise. */
  password?: string
  /** When the password was last entered (ms); left out, the session holds none (sealed before it was recorded). */
  passwordAt?: number
}

/** A neptun-session cookie sealed the way the server seals one (h3's sealSession). */
export async function sealSessionCookie({ user, sessionVersion, createdAt = Date.now(), password = TEST_SESSION_PASSWORD, passwordAt }: ForgedSession): Promise<string> {
  const name = 'neptun-session'
  const secure = passwordAt === undefined ? { session_version: sessionVersion } : { session_version: sessionVersion, password_at: passwordAt }
  const session = { id: randomUUID(), createdAt, data: { user, secure } }
  const event = { context: { sessions: { [name]: session } } } as unknown as H3Event
  return `${name}=${await sealSession(event, { name, password })}`
}
