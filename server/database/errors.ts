import { DrizzleQueryError } from 'drizzle-orm/errors'

// What a database error may tell the log and the client. drizzle wraps every failed statement in
// an error whose message is "Failed query: <sql> params: <values>" — emails, message bodies,
// password hashes — so nothing here ever reads a message that can carry values, or `detail`.

/**
 * The database could not be reached or did not answer in time (503), or the statement gave up
 * waiting for a row lock another request holds (`busy`: 429): the client should retry later.
 */
export type DatabaseFault = 'unavailable' | 'timeout' | 'busy'

export interface DatabaseErrorSummary {
  /** SQLSTATE (`23505`) or the socket's code (`ECONNREFUSED`). */
  code?: string
  constraint?: string
  table?: string
  /** The statement's verb and first table (`delete chat_conversation`): never its values. */
  query?: string
  fault?: DatabaseFault
}

// Socket codes of a server that is down, restarting or unreachable.
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED'])
// SQLSTATE: class 08 connection exception, admin/crash shutdown, starting up, too many connections.
const UNAVAILABLE_SQLSTATE = /^(?:08...|57P0[1-3]|53300)$/
// node-postgres and pg-pool raise these plain Errors (no code) when a connection dies or times out.
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'timeout expired',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'Cannot use a pool after calling end on the pool',
]
const TIMEOUT_MESSAGES = ['Query read timeout']
// 57014 query_canceled: statement_timeout fired.
const TIMEOUT_SQLSTATE = '57014'
// 55P03 lock_not_available: lock_timeout fired.
const BUSY_SQLSTATE = '55P03'

interface ErrorLike {
  code?: unknown
  constraint?: unknown
  table?: unknown
  message?: unknown
  cause?: unknown
  errors?: unknown
}

function errorsIn(error: unknown): ErrorLike[] {
  const chain: ErrorLike[] = []
  const queue: unknown[] = [error]
  while (queue.length > 0 && chain.length < 20) {
    const item = queue.shift()
    if (!item || typeof item !== 'object' || chain.includes(item as ErrorLike)) continue
    const candidate = item as ErrorLike
    chain.push(candidate)
    queue.push(candidate.cause)
    // A host with several addresses fails with an AggregateError of one error per address.
    if (Array.isArray(candidate.errors)) queue.push(...candidate.errors)
  }
  return chain
}

function faultOf(error: ErrorLike): DatabaseFault | undefined {
  const code = typeof error.code === 'string' ? error.code : undefined
  const message = typeof error.message === 'string' ? error.message : ''
  if (code === BUSY_SQLSTATE) return 'busy'
  if (code === TIMEOUT_SQLSTATE || TIMEOUT_MESSAGES.some(text => message.startsWith(text))) return 'timeout'
  if (code && (UNAVAILABLE_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return 'unavailable'
  // Only node-postgres' own messages are compared, never drizzle's (which start "Failed query").
  if (!code && UNAVAILABLE_MESSAGES.some(text => message.startsWith(text))) return 'unavailable'
  return undefined
}

/** `delete chat_conversation`: the verb and the first table named, from SQL that holds only placeholders. */
export function queryLabel(sql: string): string {
  const verb = /\b(select|insert|update|delete|with)\b/i.exec(sql)?.[1]?.toLowerCase() ?? 'statement'
  const table = /\b(?:from|into|update)\s+"?([a-z_][a-z0-9_]*)"?/i.exec(sql)?.[1]?.toLowerCase()
  return table ? `${verb} ${table}` : verb
}

const FAILED_QUERY = 'Failed query: '

/**
 * The SQL (placeholders only) of a statement drizzle reports as failed: its DrizzleQueryError, or
 * the H3Error h3 made of it (which keeps the message, "Failed query: <sql>\nparams: <values>").
 */
function failedQueryOf(error: ErrorLike): string | undefined {
  if (error instanceof DrizzleQueryError) return error.query
  if (typeof error.message !== 'string' || !error.message.startsWith(FAILED_QUERY)) return undefined
  const end = error.message.indexOf('\nparams: ')
  return error.message.slice(FAILED_QUERY.length, end === -1 ? FAILED_QUERY.length : end)
}

/**
 * A loggable summary when the error (or anything in its cause chain) came from the database;
 * undefined otherwise.
 */
export function summarizeDatabaseError(error: unknown): DatabaseErrorSummary | undefined {
  const summary: DatabaseErrorSummary = {}
  let fromDatabase = false
  for (const item of errorsIn(error)) {
    const sql = failedQueryOf(item)
    if (sql !== undefined) {
      fromDatabase = true
      summary.query ??= queryLabel(sql)
    }
    const fault = faultOf(item)
    if (fault) {
      fromDatabase = true
      summary.fault ??= fault
    }
    // pg's DatabaseError and PGlite's carry SQLSTATE, constraint and table as fields.
    if (typeof item.code === 'string' && (/^[0-9A-Z]{5}$/.test(item.code) || fault)) {
      fromDatabase = true
      summary.code ??= item.code
    }
    if (typeof item.constraint === 'string') summary.constraint ??= item.constraint
    if (typeof item.table === 'string') summary.table ??= item.table
  }
  return fromDatabase ? summary : undefined
}

/** The fault behind an error, if the database was down or too slow: the caller answers 503. */
export function databaseFaultOf(error: unknown): DatabaseFault | undefined {
  for (const item of errorsIn(error)) {
    const fault = faultOf(item)
    if (fault) return fault
  }
  return undefined
}
