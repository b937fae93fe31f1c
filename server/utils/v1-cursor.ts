import type { H3Event } from 'h3'
import { decodeCursor, encodeCursor } from '#shared/utils/cursor'
import type { V1ChatCursor } from '#server/database/queries/v1-chats'

/** Postgres' timestamp to the microsecond, in UTC; years 1000–9999 (Postgres has no year 0). */
const TIMESTAMP = /^([1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})\d{3}Z$/
const LIMIT = /^[1-9]\d{0,2}$/
const MAX_PAGE = 200
const DEFAULT_PAGE = 50

/** next_cursor of GET /api/v1/chats: `[updated_at, uuid]` of the page's last chat. */
export function encodeV1Cursor(cursor: V1ChatCursor): string {
  return encodeCursor([cursor.updatedAt, cursor.id])
}

/** Anything but a cursor this server made → undefined (never a cast error in SQL). */
function readV1Cursor(raw: string): V1ChatCursor | undefined {
  const value = decodeCursor(raw)
  if (!Array.isArray(value) || value.length !== 2) return undefined
  const [updatedAt, id] = value as unknown[]
  if (typeof updatedAt !== 'string' || typeof id !== 'string' || !isUuid(id)) return undefined
  const match = TIMESTAMP.exec(updatedAt)
  if (!match) return undefined
  // A real date and time: hour 25 is no date at all, 2024-02-30 would come back as March 1st.
  const date = new Date(`${match[1]}Z`)
  if (Number.isNaN(date.getTime()) || date.toISOString() !== `${match[1]}Z`) return undefined
  return { updatedAt, id }
}

/** `?limit=1..200` (default 50) and `?cursor=` from a previous page's next_cursor; else 400. */
export function parsePageQuery(event: H3Event): { limit: number, cursor?: V1ChatCursor } {
  const { limit: rawLimit, cursor: rawCursor } = getQuery(event)
  let limit = DEFAULT_PAGE
  if (rawLimit !== undefined) {
    if (typeof rawLimit !== 'string' || !LIMIT.test(rawLimit) || Number(rawLimit) > MAX_PAGE) {
      throw v1BadRequest(`Invalid limit: give an integer from 1 to ${MAX_PAGE}`)
    }
    limit = Number(rawLimit)
  }
  if (rawCursor === undefined) return { limit }
  const cursor = typeof rawCursor === 'string' ? readV1Cursor(rawCursor) : undefined
  if (!cursor) throw v1BadRequest('Invalid cursor: pass next_cursor from the previous page unchanged')
  return { limit, cursor }
}
