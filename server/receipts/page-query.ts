import { getQuery, type H3Event } from 'h3'
import { decodeCursor, encodeCursor } from '#shared/utils/cursor'
import { RECEIPT_ACTORS, type ReceiptActorKind } from '#shared/types/receipts'
import { apiError } from '#server/utils/errors'
import { isUuid } from '#server/utils/v1'
import { parsePositiveInt } from '#server/utils/validation'
import type { ReceiptCursor, ReceiptFilter } from './queries'

/** Postgres' timestamp to the microsecond, in UTC; years 1000–9999. */
const TIMESTAMP = /^([1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})\d{3}Z$/
const MAX_PAGE = 100
const DEFAULT_PAGE = 25

/** next_cursor of the receipt lists: `[created_at, uuid]` of the page's last receipt. */
export function encodeReceiptCursor(cursor: ReceiptCursor): string {
  return encodeCursor([cursor.createdAt, cursor.id])
}

function readCursor(raw: string): ReceiptCursor | undefined {
  const value = decodeCursor(raw)
  if (!Array.isArray(value) || value.length !== 2) return undefined
  const [createdAt, id] = value as unknown[]
  if (typeof createdAt !== 'string' || typeof id !== 'string' || !isUuid(id)) return undefined
  const match = TIMESTAMP.exec(createdAt)
  // A real date and time: 2024-02-30 would come back as March 1st.
  const date = match && new Date(`${match[1]}Z`)
  if (!date || Number.isNaN(date.getTime()) || date.toISOString() !== `${match[1]}Z`) return undefined
  return { createdAt, id }
}

const bad = (message: string) => apiError(400, message)

/** `?limit=1..100` (default 25), `?cursor=`, `?actor=user|api_key|retention`, `?project_id=`; anything else is a 400. */
export function parseReceiptQuery(event: H3Event): { limit: number, filter: ReceiptFilter, cursor?: ReceiptCursor } {
  const query = getQuery(event)
  const one = (name: string) => {
    const value = query[name]
    if (value !== undefined && typeof value !== 'string') throw bad(`Invalid ${name}`)
    return value
  }
  const rawLimit = one('limit')
  const limit = rawLimit === undefined ? DEFAULT_PAGE : parsePositiveInt(rawLimit)
  if (limit === undefined || limit > MAX_PAGE) throw bad(`Invalid limit: give an integer from 1 to ${MAX_PAGE}`)
  const filter: ReceiptFilter = {}
  const actor = one('actor')
  if (actor !== undefined) {
    if (!RECEIPT_ACTORS.includes(actor as ReceiptActorKind)) throw bad(`Invalid actor: give one of ${RECEIPT_ACTORS.join(', ')}`)
    filter.actor = actor as ReceiptActorKind
  }
  const project = one('project_id')
  if (project !== undefined) {
    filter.projectId = parsePositiveInt(project)
    if (filter.projectId === undefined) throw bad('Invalid project_id')
  }
  const rawCursor = one('cursor')
  if (rawCursor === undefined) return { limit, filter }
  const cursor = readCursor(rawCursor)
  if (!cursor) throw bad('Invalid cursor: pass next_cursor from the previous page unchanged')
  return { limit, filter, cursor }
}
