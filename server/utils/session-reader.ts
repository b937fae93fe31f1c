import type { H3Event, SessionConfig } from 'h3'
import { unsealSession } from 'h3'
import type { User } from '#auth-utils'
import { useSettings } from '#server/settings'

// Reading the sealed neptun-session cookie costs a PBKDF2 key derivation, an AES decryption and an
// HMAC on every request (a third of a small request's CPU under load). The unsealed value of a
// given cookie string never changes, so it is kept here, per process, for as long as the session
// itself is valid. The server stays stateless: a cold cache unseals again, every instance agrees.

const MAX_ENTRIES = 10_000

interface Unsealed { session?: SealedSession, createdAt: number }

/** What the cookie holds: the user, the account's session_version when it was sealed, when the password was last entered. */
export interface SealedSession { user: User, sessionVersion: number, passwordAt?: number }

interface SessionData { user?: User, secure?: { session_version?: unknown, password_at?: unknown } }

/** The user and version a session holds, when it holds both (however it was unsealed). */
export function sealedSessionOf(data: SessionData | undefined): SealedSession | undefined {
  const version = data?.secure?.session_version
  if (!data?.user || typeof data.user.id !== 'number' || typeof version !== 'number') return undefined
  const passwordAt = data.secure?.password_at
  return { user: data.user, sessionVersion: version, ...(typeof passwordAt === 'number' ? { passwordAt } : {}) }
}

const cache = new Map<string, Unsealed>()
let config: SessionConfig | undefined

/** The configuration nuxt-auth-utils seals with (its password from NUXT_SESSION_PASSWORD or runtimeConfig). */
function sessionConfig(): SessionConfig {
  if (config) return config
  const runtime = useRuntimeConfig().session as SessionConfig
  return (config = { ...runtime, password: useSettings().sessionPassword || runtime.password })
}

function cookieValue(event: H3Event, name: string): string | undefined {
  const header = event.node.req.headers.cookie
  if (!header || !header.includes(name)) return undefined
  return parseCookies(event)[name]
}

/** The request's session cookie, unsealed; undefined without one, or when it is unreadable, incomplete or expired. Never sets a cookie. */
export async function readSealedSession(event: H3Event): Promise<SealedSession | undefined> {
  const settings = sessionConfig()
  const sealed = cookieValue(event, settings.name ?? 'h3')
  if (!sealed) return undefined
  let unsealed = cache.get(sealed)
  if (!unsealed) {
    try {
      const opened = await unsealSession(event, settings, sealed) as { data?: SessionData, createdAt: number }
      unsealed = { session: sealedSessionOf(opened.data), createdAt: opened.createdAt }
    }
    catch {
      return undefined
    }
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!)
    cache.set(sealed, unsealed)
  }
  if (settings.maxAge && Date.now() - unsealed.createdAt > settings.maxAge * 1000) {
    cache.delete(sealed)
    return undefined
  }
  return unsealed.session
}
