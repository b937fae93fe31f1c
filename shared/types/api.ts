// The API's JSON as the routes answer it and the app reads it (docs/api.md). Plain types: shared/
// imports nothing from server/. server/database/contract.ts checks at compile time that the
// database rows the routes send still fit them, and the data layer is typed to them.
// Times travel as ISO-8601 strings in UTC with milliseconds (`2026-11-23T19:17:22.392Z`).

import type { ApiKeyScope } from '#shared/utils/api-scopes'

export type Actor = 'user' | 'assistant' | 'system'

/** A project: GET and POST /api/users/:uid/projects. */
export interface ProjectRow {
  id: number
  neptun_user_id: number
  name: string
  description: string | null
  created_at: string
  updated_at: string
}

/**
 * A row of GET /api/users/:uid/projects/:pid/chats, keys in this order: the seeds' six, then
 * `kept` (a pin: left out of "Select all N" deletes, exempt from retention).
 */
export interface ChatRow {
  id: number
  neptun_user_id: number
  model: string
  name: string
  created_at: string
  updated_at: string
  kept: boolean
}

/** GET …/projects/:pid/chats without limit or cursor: every chat. */
export interface ChatList {
  chats: ChatRow[]
}

/** What a search (`q`) found in a chat: docs/api.md "Search". */
export interface ChatMatch {
  /** How many of the chat's messages match; 0 when only its name does. */
  messages: number
  /** The best-matching message (open the chat there), or null when only the name matches. */
  message_id: number | null
  /** That message's matching passage as HTML: its text escaped, the matched words in <mark>. */
  snippet: string | null
}

/** A row of a page of GET …/projects/:pid/chats: the chat, its size and last message, and with `q` what matched. */
export interface ChatListRow extends ChatRow {
  message_count: number
  /** The start of the last message (at most 200 characters, white space collapsed), or null. */
  last_message: string | null
  /** Present with `q` only. */
  match?: ChatMatch
}

/** GET …/projects/:pid/chats/count: how many chats match, and how many of those are kept. */
export interface ChatCount {
  count: number
  kept: number
}

/** PATCH …/projects/:pid/chats/:cid: a new name, keep on or off, or both. */
export interface ChatUpdate {
  name?: string
  kept?: boolean
}

/** GET …/projects/:pid/chats with limit or cursor: a page; next_cursor is null on the last one. */
export interface ChatsPage {
  chats: ChatListRow[]
  next_cursor: string | null
}

/** A row of GET /api/users/:uid/chats (search across every project): the row, and the user's projects it is in. */
export interface UserChatRow extends ChatListRow {
  /** The ids of the user's projects the chat is linked to, ascending. */
  project_ids: number[]
}

/** GET /api/users/:uid/chats: a page of the user's chats (always paged). */
export interface UserChatsPage {
  chats: UserChatRow[]
  next_cursor: string | null
}

/** A chat whole: POST /api/users/:uid/projects/:pid/chats answers `{chat}`; uuid is its v1 id. */
export interface ChatRecord extends ChatRow {
  uuid: string
}

/** GET /api/users/:uid/chats/:cid: the chat and the user's projects it is linked to. */
export interface ChatDetail extends ChatRecord {
  project_ids: number[]
}

/** A message: GET and POST …/chats/:cid/messages, and the trim's answer. */
export interface MessageRow {
  id: number
  chat_conversation_id: number
  actor: Actor
  message: string
  created_at: string
}

/** DELETE /api/users/:uid/chats/:cid/messages/last answers one of two shapes. */
export interface TrimResult {
  maybeAssistantMessageToDelete?: MessageRow
  maybeUserMessageToDelete?: MessageRow
  deletedSuccessfully?: number[]
  failedToDelete?: number[]
}

/** A row of GET /api/users/:uid/api-keys: never the key or its hash. */
export interface ApiKeyRow {
  id: number
  name: string
  prefix: string
  scopes: ApiKeyScope[]
  created_at: string
  last_used_at: string | null
  /** null: never expires; after it the key is refused (401) like a revoked one. */
  expires_at: string | null
}

/** POST /api/users/:uid/api-keys: the row, and the key itself, shown this once. */
export interface CreatedApiKey {
  api_key: ApiKeyRow
  key: string
}

/** A chat of the v1 API (GET /api/v1/chats[/{chat_id}]): named by its uuid, no integer id. */
export interface V1Chat {
  id: string
  name: string
  model: string
  created_at: string
  updated_at: string
  message_count: number
}

/** GET /api/v1/chats: a page; next_cursor is null on the last one. */
export interface V1ChatsPage {
  chats: V1Chat[]
  next_cursor: string | null
}

/** A message of the v1 API (/api/v1/chats/{chat_id}/messages): named by its uuid, no integer id. */
export interface V1Message {
  id: string
  actor: Actor
  message: string
  created_at: string
}

/** GET /api/v1/chats/{chat_id}/messages: a page, oldest first; next_cursor is null on the last one. */
export interface V1MessagesPage {
  messages: V1Message[]
  next_cursor: string | null
}

/** One id's outcome in POST /api/v1/chats/batch-delete (in a dry run: what would happen). */
export type V1BatchDeleteResult
  = | { chat_id: string, status: 'deleted', receipt_id: string | null }
    | { chat_id: string, status: 'not_found' }
    | { chat_id: string, status: 'active_connections', active_connections: number }

/** POST /api/v1/chats/batch-delete: one result per given id, in the order given. */
export interface V1BatchDeleteAnswer {
  dry_run: boolean
  results: V1BatchDeleteResult[]
}

/** Every error answer under /api (docs/api.md "Conventions"): server/utils/errors.ts builds it. */
export interface ApiErrorBody {
  statusCode: number
  statusMessage: string
  message: string
  data?: unknown
}

declare const jsonOf: unique symbol
/** JSON text that parses to T: what a route sends as Postgres built it, without parsing it in Node. */
export type JsonText<T> = string & { readonly [jsonOf]: T }
