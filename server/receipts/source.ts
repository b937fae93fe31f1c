import { getRequestHeader, setResponseHeader, type H3Event } from 'h3'
import { RECEIPT_HEADER } from '#shared/types/receipts'

/** Who asked for a deletion, and through which request: what its receipt records besides the counts. */
export interface ReceiptSource {
  actor: { kind: 'user' } | { kind: 'api_key', keyId: number } | { kind: 'retention' }
  /** `DELETE /api/v1/chats/:chat_id`, or `retention sweep`. */
  route: string
  requestId: string | null
}

const MAX_REQUEST_ID = 200

/**
 * The receipt's source for a request: the matched route's method and pattern, and the request id
 * (event.context.requestId when a middleware set one, else the caller's X-Request-Id, else null).
 */
export function receiptSourceOf(event: H3Event, actor: ReceiptSource['actor']): ReceiptSource {
  const context = event.context as { requestId?: unknown, matchedRoute?: { path?: string } }
  const pattern = context.matchedRoute?.path ?? event.path.split('?')[0]
  const raw = typeof context.requestId === 'string' ? context.requestId : getRequestHeader(event, 'x-request-id')
  const requestId = raw ? raw.slice(0, MAX_REQUEST_ID) : null
  return { actor, route: `${event.method} ${pattern}`, requestId }
}

/** The deleting route's answer carries its receipt's id in a header; the seeds' bodies stay as they are. */
export function setReceiptHeader(event: H3Event, receiptId: string): void {
  setResponseHeader(event, RECEIPT_HEADER, receiptId)
}
