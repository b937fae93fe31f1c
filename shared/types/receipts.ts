// Deletion receipts (docs/api.md, "Deletion receipts"): proof of what a deletion removed, as the
// history routes answer it. A receipt names ids and counts only, never content.

export const RECEIPT_ACTORS = ['user', 'api_key', 'retention'] as const
/** Who deleted: the user in the browser, an API key, or a project's retention policy. */
export type ReceiptActorKind = typeof RECEIPT_ACTORS[number]

/** The response header every deleting route sets to its receipt's id. */
export const RECEIPT_HEADER = 'Neptun-Receipt-Id'

export interface ReceiptActor {
  kind: ReceiptActorKind
  /** An api_key actor's key (its id and the prefix its owner sees); null otherwise. */
  api_key_id: number | null
  api_key_prefix: string | null
}

export interface ReceiptCounts {
  chats: number
  messages: number
  project_links: number
}

/** A row of the history: GET /api/v1/receipts and GET /api/users/:uid/receipts. */
export interface ReceiptSummary {
  id: string
  /** The database's time of the deleting transaction. */
  created_at: string
  actor: ReceiptActor
  /** The route's method and pattern (`DELETE /api/v1/chats/:chat_id`), or `retention sweep`. */
  route: string
  request_id: string | null
  /** The projects the deleted chats (or the trimmed chat) were linked to; a retention receipt's policy project. */
  project_ids: number[]
  counts: ReceiptCounts
}

/** One receipt in full: …/receipts/:id answers `{receipt}`. chat_ids are the chats' uuids. */
export interface Receipt extends ReceiptSummary {
  chat_ids: string[]
}

export interface ReceiptsPage {
  receipts: ReceiptSummary[]
  next_cursor: string | null
}
