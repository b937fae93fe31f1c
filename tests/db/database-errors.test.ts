import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseFaultOf, queryLabel, summarizeDatabaseError } from '#server/database/errors'
import { insertProject } from '#server/database/queries/projects'
import type { OpenDatabase } from '#server/database/client'
import { openTestDatabase } from '../helpers/database'

// What the error handler may log and which errors become 503: the classification on its own.

let open: OpenDatabase
beforeAll(async () => {
  open = await openTestDatabase()
})
afterAll(async () => {
  await open.close()
})

function withCode(message: string, code?: string): Error {
  return Object.assign(new Error(message), code ? { code } : {})
}

describe('databaseFaultOf', () => {
  it.each([
    ['connection refused', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), 'unavailable'],
    ['connection reset', withCode('read ECONNRESET', 'ECONNRESET'), 'unavailable'],
    ['every address refused', new AggregateError([withCode('refused', 'ECONNREFUSED')], 'connect failed'), 'unavailable'],
    ['Postgres shutting down', withCode('terminating connection due to administrator command', '57P01'), 'unavailable'],
    ['Postgres starting up', withCode('the database system is starting up', '57P03'), 'unavailable'],
    ['too many connections', withCode('sorry, too many clients already', '53300'), 'unavailable'],
    ['connection dropped', new Error('Connection terminated unexpectedly'), 'unavailable'],
    ['pool wait', new Error('timeout exceeded when trying to connect'), 'unavailable'],
    ['statement timeout', withCode('canceling statement due to statement timeout', '57014'), 'timeout'],
    ['silent connection', new Error('Query read timeout'), 'timeout'],
    ['lock wait over lock_timeout', withCode('canceling statement due to lock timeout', '55P03'), 'busy'],
  ])('%s → %s, also when wrapped as drizzle and h3 wrap it', (_name, cause, fault) => {
    const wrapped = new Error('Failed query: select 1\nparams: ', { cause })
    expect(databaseFaultOf(cause)).toBe(fault)
    expect(databaseFaultOf(new Error('outer', { cause: wrapped }))).toBe(fault)
  })

  it.each([
    ['a unique violation', withCode('duplicate key value violates unique constraint', '23505')],
    ['a programming error', new TypeError('x is not a function')],
    ['drizzle\'s message naming a timeout in its parameters', new Error('Failed query: select 1\nparams: Connection terminated')],
  ])('%s is no fault', (_name, error) => {
    expect(databaseFaultOf(error)).toBeUndefined()
  })
})

describe('summarizeDatabaseError', () => {
  it('a real failed statement: SQLSTATE, constraint, table and statement kind, none of its parameters', async () => {
    await open.db.execute(`ALTER TABLE neptun_user_project ADD CONSTRAINT summary_check CHECK (name <> 'secret-value-42')`)
    const error = await insertProject(open.db, 1, { name: 'secret-value-42', description: 'secret-description' })
      .catch((e: unknown) => e)
      .finally(() => open.db.execute('ALTER TABLE neptun_user_project DROP CONSTRAINT summary_check'))
    const summary = summarizeDatabaseError(error)
    expect(summary).toMatchObject({ code: expect.stringMatching(/^(23514|23503)$/), query: 'insert neptun_user_project' })
    expect(JSON.stringify(summary)).not.toContain('secret')
    // The message drizzle gives does carry them: exactly what must never be logged.
    expect(String((error as Error).message)).toContain('secret-value-42')
  })

  it('is undefined for errors that did not come from the database', () => {
    expect(summarizeDatabaseError(new Error('boom'))).toBeUndefined()
    expect(summarizeDatabaseError(undefined)).toBeUndefined()
  })

  it('labels a statement by verb and first table only', () => {
    expect(queryLabel('delete from "chat_conversation" where "id" = $1')).toBe('delete chat_conversation')
    expect(queryLabel('\n  WITH w AS (SELECT 1) INSERT INTO rate_limit_counter AS r (bucket) SELECT $1')).toBe('with rate_limit_counter')
    expect(queryLabel('begin')).toBe('statement')
  })
})
