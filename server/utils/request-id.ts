import { randomUUID } from 'node:crypto'
import type { H3Event } from 'h3'

// Every answer carries X-Request-Id (docs/api.md, "Request ids"): the client's own, when it sent
// a sane one, so a caller can match its logs with ours; else a new UUID. The request's log line
// and any error logged for it carry the same id.

/** What a client's id may be: 1–128 characters of letters, digits and `-_.:/+=@`. */
const SANE_REQUEST_ID = /^[\w.:/+=@-]{1,128}$/

/** The client's X-Request-Id if it is sane, else a new one. */
export function chooseRequestId(sent: string | null | undefined): string {
  return sent && SANE_REQUEST_ID.test(sent) ? sent : randomUUID()
}

/** The request's id (set by server/middleware/0.request-id.ts; a new one if it has not run). */
export function requestIdOf(event: H3Event): string {
  return (event.context.requestId ??= chooseRequestId(getRequestHeader(event, 'x-request-id')))
}
