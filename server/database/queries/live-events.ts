import { sql, type SQL } from 'drizzle-orm'
import type { DbOrTx } from '../client'

// Live events travel between server instances as Postgres NOTIFY payloads on one channel. They are
// sent inside the transaction that changes the data, so they go out exactly when it commits (and
// never when it rolls back). Payloads hold ids only: Postgres caps a payload below 8000 bytes.

export const LIVE_CHANNEL = 'neptun_live'

export type LiveNotice
  = | { type: 'message.created', chat: number, ids: number[] }
    | { type: 'messages.deleted', chat: number, ids: number[] }
    | { type: 'chat.deleted', user: number, chats: number[] }

/** Ids per payload: 500 ten-digit ids and the envelope stay far below the 8000-byte cap. */
const IDS_PER_NOTICE = 500

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/** One notice per chunk of ids, so a delete of 1000 chats or a long trim never overflows a payload. */
export function splitNotice(notice: LiveNotice): LiveNotice[] {
  if (notice.type === 'chat.deleted') return chunks(notice.chats, IDS_PER_NOTICE).map(chats => ({ ...notice, chats }))
  return chunks(notice.ids, IDS_PER_NOTICE).map(ids => ({ ...notice, ids }))
}

/**
 * A scalar SQL expression that queues the notices when its statement runs (the count of payloads),
 * so a data change and its notices travel in one statement, one round trip.
 */
export function queueLiveNotices(notices: readonly LiveNotice[]): SQL {
  const payloads = notices.flatMap(splitNotice).map(notice => JSON.stringify(notice))
  return sql`(SELECT count(pg_notify(${LIVE_CHANNEL}, payload))::int4 FROM json_array_elements_text(${JSON.stringify(payloads)}::json) AS payload)`
}

/** Queues the notices in the caller's transaction, as a statement of their own. */
export async function notifyLive(tx: DbOrTx, notices: readonly LiveNotice[]): Promise<void> {
  if (notices.length > 0) await tx.execute(sql`SELECT ${queueLiveNotices(notices)}`)
}

/** Reads a payload back; anything else on the channel is ignored (undefined). */
export function parseLiveNotice(payload: string): LiveNotice | undefined {
  try {
    const notice = JSON.parse(payload) as LiveNotice
    const ids = notice.type === 'chat.deleted' ? notice.chats : notice.ids
    return Array.isArray(ids) && ids.every(Number.isSafeInteger) ? notice : undefined
  }
  catch {
    return undefined
  }
}
