import { z } from 'zod'
import { decodeCursor, encodeCursor } from '#shared/utils/cursor'
import type { V1ChatCursor } from '#server/database/queries/v1-chats'
import { isUuid } from '#shared/utils/uuid'

/** Postgres' timestamp to the microsecond, in UTC; years 1000–9999 (Postgres has no year 0). */
const TIMESTAMP = /^([1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})\d{3}Z$/
export const INVALID_CURSOR = 'Invalid cursor: pass next_cursor from the previous page unchanged'

/** A decoded cursor of GET /api/v1/chats: the position, and the key of the q and filters it continues. */
export type V1ChatListCursor = V1ChatCursor & { search: string }

/**
 * next_cursor of GET /api/v1/chats: `[updated_at, uuid]` of the page's last chat, and with q or
 * filters their key (chat-search.ts) as a third element.
 */
export function encodeV1Cursor(cursor: V1ChatCursor, search = ''): string {
  return encodeCursor(search ? [cursor.updatedAt, cursor.id, search] : [cursor.updatedAt, cursor.id])
}

/** Anything but a cursor this server made → undefined (never a cast error in SQL). */
function readV1Cursor(raw: string): V1ChatListCursor | undefined {
  const value = decodeCursor(raw)
  if (!Array.isArray(value) || value.length < 2 || value.length > 3) return undefined
  const [updatedAt, id, search = ''] = value as unknown[]
  if (typeof updatedAt !== 'string' || typeof id !== 'string' || !isUuid(id)) return undefined
  if (typeof search !== 'string' || search.length > 5000 || (value.length === 3 && search === '')) return undefined
  const match = TIMESTAMP.exec(updatedAt)
  if (!match) return undefined
  // A real date and time: hour 25 is no date at all, 2024-02-30 would come back as March 1st.
  const date = new Date(`${match[1]}Z`)
  if (Number.isNaN(date.getTime()) || date.toISOString() !== `${match[1]}Z`) return undefined
  return { updatedAt, id, search }
}

/** `?cursor=`: a next_cursor of GET /api/v1/chats, decoded; anything else is the 400 INVALID_CURSOR. */
export const ChatCursorQuery = z.string(INVALID_CURSOR).transform((raw, ctx) => {
  const cursor = readV1Cursor(raw)
  if (!cursor) ctx.addIssue({ code: 'custom', message: INVALID_CURSOR })
  return cursor ?? z.NEVER
}).meta({ description: 'next_cursor of the previous page, unchanged' })

/** A position in a chat's messages: the chat's uuid (a cursor works for its chat only) and the last message's place. */
export interface V1MessageCursor {
  chat: string
  after: number
}

/** next_cursor of GET /api/v1/chats/{chat_id}/messages (opaque: clients pass it back unchanged). */
export function encodeV1MessageCursor(cursor: V1MessageCursor): string {
  return encodeCursor([cursor.chat, cursor.after])
}

/** `?cursor=` of the messages list, decoded; anything this server did not make is the 400 INVALID_CURSOR. */
export const MessageCursorQuery = z.string(INVALID_CURSOR).transform((raw, ctx) => {
  const value = decodeCursor(raw)
  const [chat, after] = Array.isArray(value) && value.length === 2 ? value as unknown[] : []
  if (typeof chat === 'string' && isUuid(chat) && Number.isSafeInteger(after) && (after as number) > 0 && (after as number) <= 2_147_483_647) {
    return { chat: chat.toLowerCase(), after: after as number }
  }
  ctx.addIssue({ code: 'custom', message: INVALID_CURSOR })
  return z.NEVER
}).meta({ description: 'next_cursor of the previous page, unchanged' })

const PAGE_LIMIT = 'Invalid limit: give an integer from 1 to 200'

/** `?limit=1..200`, default 50: the page size of every v1 list. */
export const limitQuery = z.string(PAGE_LIMIT).regex(/^[1-9]\d{0,2}$/, PAGE_LIMIT).transform(Number)
  .refine(limit => limit <= 200, PAGE_LIMIT).optional().default(50)
  .meta({ description: 'Page size, 1 to 200 (default 50)' })
