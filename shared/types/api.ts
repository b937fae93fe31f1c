import type { ApiKey, Chat, ChatMessage, Project } from '#server/database/schema'

/** What JSON makes of a row: dates travel as ISO strings. */
export type Json<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] }

export type ProjectRow = Json<Project>
/** A row of GET /api/users/:uid/projects/:pid/chats (the seed's fields). */
export type ChatRow = Pick<Json<Chat>, 'id' | 'neptun_user_id' | 'model' | 'name' | 'created_at' | 'updated_at'>
/** GET /api/users/:uid/chats/:cid: the chat and the user's projects it is linked to. */
export type ChatDetail = Json<Chat> & { project_ids: number[] }
export type MessageRow = Pick<Json<ChatMessage>, 'id' | 'chat_conversation_id' | 'actor' | 'message' | 'created_at'>
export type Actor = MessageRow['actor']

/** DELETE /api/users/:uid/chats/:cid/messages/last answers one of two shapes. */
export interface TrimResult {
  maybeAssistantMessageToDelete?: MessageRow
  maybeUserMessageToDelete?: MessageRow
  deletedSuccessfully?: number[]
  failedToDelete?: number[]
}

/** A row of GET /api/users/:uid/api-keys: never the key or its hash. */
export type ApiKeyRow = Pick<Json<ApiKey>, 'id' | 'name' | 'prefix' | 'created_at' | 'last_used_at'>
/** POST /api/users/:uid/api-keys: the row, and the key itself, shown this once. */
export interface CreatedApiKey { api_key: ApiKeyRow, key: string }

export interface ApiErrorBody {
  statusCode: number
  statusMessage?: string
  message?: string
  data?: unknown
}
