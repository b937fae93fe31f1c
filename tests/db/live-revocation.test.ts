import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { OpenDatabase } from '#server/database/client'
import { insertApiKey, revokeApiKey } from '#server/database/queries/api-keys'
import { replacePassword, revokeSessions } from '#server/database/queries/users'
import { LiveConnection, type AnyConnection, type LiveCredential } from '#server/live/connection'
import { LIVE_CHANNEL, notifyLive, parseLiveNotice, type LiveNotice } from '#server/live/events'
import { listen } from '#server/live/listener'
import { subscribe, unsubscribe } from '#server/live/registry'
import { closeRevokedMeanwhile, revoke, wasRevoked } from '#server/live/revocation'
import { openTestDatabase } from '../helpers/database'
import { insertUser } from './harness'

// Revocation on the data layer: the statements that revoke send their notice with the commit, and
// only when they revoked something; this process's registry closes exactly the sockets a notice
// (or the check after a listener gap) revokes.

let open: OpenDatabase
beforeAll(async () => {
  open = await openTestDatabase()
})
afterAll(async () => {
  await open?.close()
})

/** The notices about this user that arrive, until a committed marker (a chat.deleted of chat 0) does. */
async function noticesFor(user: number, run: () => Promise<unknown>): Promise<LiveNotice[]> {
  const seen: LiveNotice[] = []
  let marker = false
  const unlisten = await listen(open, LIVE_CHANNEL, {
    onPayload: (payload) => {
      const notice = parseLiveNotice(payload)
      if (notice?.type === 'chat.deleted' && notice.user === user && notice.chats[0] === 0) marker = true
      else if (notice && 'user' in notice && notice.user === user) seen.push(notice)
    },
    onReconnect: () => {},
  })
  await run()
  await open.db.transaction(tx => notifyLive(tx, [{ type: 'chat.deleted', user, chats: [0] }]))
  await expect.poll(() => marker).toBe(true)
  await unlisten()
  return seen
}

async function newKey(userId: number): Promise<number> {
  const created = await insertApiKey(open.db, userId, { name: 'k', prefix: 'nk_test', keyHash: randomUUID(), scopes: ['messages:read'], expiresInDays: null }, 50)
  if (created.kind !== 'created') throw new Error('no key')
  return created.apiKey.id
}

async function sessionVersion(userId: number): Promise<number> {
  const result = await open.db.execute(sql`SELECT session_version FROM neptun_user WHERE id = ${userId}`)
  return Number((result as unknown as { rows: { session_version: number }[] }).rows[0]!.session_version)
}

describe('the revoking statements notify with the commit, only when they revoked something', () => {
  it('revokeApiKey: one api-key.revoked; none for a key revoked already or another user\'s', async () => {
    const [user, stranger] = [await insertUser(open.db), await insertUser(open.db)]
    const key = await newKey(user)
    expect(await noticesFor(user, () => revokeApiKey(open.db, user, key))).toEqual([{ type: 'api-key.revoked', user, key }])
    expect(await noticesFor(user, () => revokeApiKey(open.db, user, key))).toEqual([])
    const strangers = await newKey(stranger)
    expect(await noticesFor(user, () => revokeApiKey(open.db, user, strangers))).toEqual([])
  })

  it('revokeSessions and replacePassword: sessions.revoked below the new version; none for a stale version', async () => {
    const user = await insertUser(open.db)
    const first = await sessionVersion(user)
    expect(await noticesFor(user, () => revokeSessions(open.db, user, first))).toEqual([{ type: 'sessions.revoked', user, below: first + 1 }])
    expect(await noticesFor(user, () => revokeSessions(open.db, user, first))).toEqual([])
    let renewed: number | undefined
    expect(await noticesFor(user, async () => {
      renewed = await replacePassword(open.db, user, first + 1, 'another hash')
    })).toEqual([{ type: 'sessions.revoked', user, below: first + 2 }])
    expect(renewed).toBe(first + 2)
    expect(await noticesFor(user, () => replacePassword(open.db, user, first, 'stale'))).toEqual([])
  })

  it('a revocation that rolls back sends nothing', async () => {
    const user = await insertUser(open.db)
    const key = await newKey(user)
    expect(await noticesFor(user, () => open.db.transaction(async (tx) => {
      await revokeApiKey(tx, user, key)
      tx.rollback()
    }).catch(() => {}))).toEqual([])
  })
})

describe('this instance\'s sockets', () => {
  const made: AnyConnection[] = []
  afterEach(() => {
    for (const connection of made.splice(0)) unsubscribe(connection)
  })

  function socket(userId: number, credential: LiveCredential, subscribed = true): AnyConnection {
    const connection = new LiveConnection({ kind: 'user', userId }, credential)
    if (subscribed) subscribe(connection)
    made.push(connection)
    return connection
  }

  it('a key notice closes that key\'s sockets of that user only; a session notice the sessions below its version', () => {
    const user = 2_000_000_000 - Math.floor(Math.random() * 1_000_000)
    const byKey = socket(user, { kind: 'api-key', keyId: 7 })
    const otherKey = socket(user, { kind: 'api-key', keyId: 8 })
    const sameKeyIdElsewhere = socket(user + 1, { kind: 'api-key', keyId: 7 })
    const oldSession = socket(user, { kind: 'session', version: 3 })
    const newSession = socket(user, { kind: 'session', version: 4 })
    revoke({ type: 'api-key.revoked', user, key: 7 })
    expect([byKey, otherKey, sameKeyIdElsewhere, oldSession, newSession].map(c => c.ended)).toEqual([true, false, false, false, false])
    revoke({ type: 'sessions.revoked', user, below: 4 })
    expect([otherKey, sameKeyIdElsewhere, oldSession, newSession].map(c => c.ended)).toEqual([false, false, true, false])
  })

  it('a handshake that checked its credential before the notice was heard finds it remembered', () => {
    const user = 2_000_000_000 - Math.floor(Math.random() * 1_000_000)
    revoke({ type: 'api-key.revoked', user, key: 9 })
    revoke({ type: 'sessions.revoked', user, below: 6 })
    // A later, lower notice (they can arrive out of order from two revocations) lowers nothing.
    revoke({ type: 'sessions.revoked', user, below: 5 })
    expect(wasRevoked(socket(user, { kind: 'api-key', keyId: 9 }, false))).toBe(true)
    expect(wasRevoked(socket(user, { kind: 'api-key', keyId: 10 }, false))).toBe(false)
    expect(wasRevoked(socket(user + 1, { kind: 'api-key', keyId: 9 }, false))).toBe(false)
    expect(wasRevoked(socket(user, { kind: 'session', version: 5 }, false))).toBe(true)
    expect(wasRevoked(socket(user, { kind: 'session', version: 6 }, false))).toBe(false)
  })

  it('after a listener gap: one statement finds the keys revoked and the sessions ended meanwhile', async () => {
    const [user, other] = [await insertUser(open.db), await insertUser(open.db)]
    const [kept, revoked] = [await newKey(user), await newKey(user)]
    const version = await sessionVersion(user)
    const sockets = {
      kept: socket(user, { kind: 'api-key', keyId: kept }),
      revoked: socket(user, { kind: 'api-key', keyId: revoked }),
      // A key id that is not this user's: as good as revoked.
      foreign: socket(other, { kind: 'api-key', keyId: kept }),
      current: socket(other, { kind: 'session', version: await sessionVersion(other) }),
      ended: socket(user, { kind: 'session', version }),
    }
    await open.db.execute(sql`UPDATE neptun_api_key SET revoked_at = now() WHERE id = ${revoked}`)
    await open.db.execute(sql`UPDATE neptun_user SET session_version = session_version + 1 WHERE id = ${user}`)
    await closeRevokedMeanwhile(open.db)
    expect(Object.fromEntries(Object.entries(sockets).map(([name, c]) => [name, c.ended])))
      .toEqual({ kept: false, revoked: true, foreign: true, current: false, ended: true })
  })
})
