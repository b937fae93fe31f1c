import { getQuery, type H3Event } from 'h3'
import { z } from 'zod'
import { decodeCursor, encodeCursor } from '#shared/utils/cursor'
import { RECEIPT_ACTORS } from '#shared/types/receipts'
import { isUuid } from '#shared/utils/uuid'
import { apiError } from '#server/utils/errors'
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

const LIMIT = `Invalid limit: give an integer from 1 to ${MAX_PAGE}`
const CURSOR = 'Invalid cursor: pass next_cursor from the previous page unchanged'
const ACTOR = `Invalid actor: give one of ${RECEIPT_ACTORS.join(', ')}`

/**
 * The receipt lists' query (both routes; the v1 contract and its OpenAPI document use it too):
 * `?limit=1..100` (default 25), `?cursor=`, `?actor=user|api_key|retention`, `?project_id=`.
 */
export const ReceiptPageQuery = z.object({
  limit: z.string(LIMIT).transform((raw, ctx) => parsePositiveInt(raw) ?? (ctx.addIssue({ code: 'custom', message: LIMIT }), z.NEVER))
    .refine(limit => limit <= MAX_PAGE, LIMIT).optional().default(DEFAULT_PAGE)
    .meta({ description: `Page size, 1 to ${MAX_PAGE} (default ${DEFAULT_PAGE})` }),
  cursor: z.string(CURSOR).transform((raw, ctx) => readCursor(raw) ?? (ctx.addIssue({ code: 'custom', message: CURSOR }), z.NEVER)).optional()
    .meta({ description: 'next_cursor of the previous page, unchanged' }),
  actor: z.enum(RECEIPT_ACTORS, ACTOR).optional().meta({ description: 'Only receipts of deletions by this kind of actor' }),
  project_id: z.string('Invalid project_id').transform((raw, ctx) => parsePositiveInt(raw) ?? (ctx.addIssue({ code: 'custom', message: 'Invalid project_id' }), z.NEVER)).optional()
    .meta({ description: 'Only receipts of deletions of chats linked to this project' }),
})

/** The query as the list query takes it. */
export function receiptPage(query: z.output<typeof ReceiptPageQuery>): { limit: number, filter: ReceiptFilter, cursor?: ReceiptCursor } {
  const filter: ReceiptFilter = {}
  if (query.actor) filter.actor = query.actor
  if (query.project_id) filter.projectId = query.project_id
  return { limit: query.limit, filter, cursor: query.cursor }
}

/** ReceiptPageQuery for the cookie route: the first issue is a 400 `{statusCode, statusMessage, message}`. */
export function parseReceiptQuery(event: H3Event): { limit: number, filter: ReceiptFilter, cursor?: ReceiptCursor } {
  const parsed = ReceiptPageQuery.safeParse(getQuery(event))
  if (!parsed.success) throw apiError(400, parsed.error.issues[0]?.message ?? 'Bad Request')
  return receiptPage(parsed.data)
}
