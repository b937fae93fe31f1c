import { sql } from 'drizzle-orm'
import type { ApiKeyScope } from '#shared/utils/api-scopes'
import { boolean, check, index, integer, jsonb, pgEnum, pgTable, primaryKey, serial, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'

// Names follow Neptun's existing database so its data can move over unchanged.

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()

export const neptunUser = pgTable('neptun_user', {
  id: serial('id').primaryKey(),
  primary_email: text('primary_email').notNull().unique(),
  hashed_password: text('hashed_password').notNull(),
  // Sealed into every session cookie and compared on each request: raising it (sign-out, password
  // change) ends every copy of every older cookie on every server instance.
  session_version: integer('session_version').notNull().default(1),
  created_at: createdAt(),
  updated_at: updatedAt(),
})

export const neptunUserProject = pgTable('neptun_user_project', {
  id: serial('id').primaryKey(),
  neptun_user_id: integer('neptun_user_id').notNull().references(() => neptunUser.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  description: text('description'),
  created_at: createdAt(),
  updated_at: updatedAt(),
}, t => [index('neptun_user_project_user_idx').on(t.neptun_user_id, t.id)])

export const chatConversation = pgTable('chat_conversation', {
  id: serial('id').primaryKey(),
  uuid: uuid('uuid').notNull().unique().default(sql`gen_random_uuid()`),
  neptun_user_id: integer('neptun_user_id').notNull().references(() => neptunUser.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  model: text('model').notNull(),
  created_at: createdAt(),
  updated_at: updatedAt(),
  // A pin: kept chats are left out of "Select all N" deletes and never touched by a retention policy.
  kept: boolean('kept').notNull().default(false),
}, t => [
  index('chat_conversation_user_idx').on(t.neptun_user_id, t.id),
  // The v1 list pages through a user's chats newest first: (updated_at, uuid) is its keyset.
  index('chat_conversation_user_updated_idx').on(t.neptun_user_id, t.updated_at, t.uuid),
  // A project's chats newest first (the list's default order, ties by id) as an index walk that
  // stops after a page.
  index('chat_conversation_user_updated_id_idx').on(t.neptun_user_id, t.updated_at, t.id),
  // Search (server/search): a name contains each word, as a trigram-indexed ILIKE (needs pg_trgm).
  index('chat_conversation_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`),
])

export const messageActor = pgEnum('chat_conversation_message_actor', ['user', 'assistant', 'system'])

export const chatConversationMessage = pgTable('chat_conversation_message', {
  id: serial('id').primaryKey(),
  /** The message's public id (the v1 API's); the integer id stays the order of the chat. */
  uuid: uuid('uuid').notNull().default(sql`gen_random_uuid()`),
  chat_conversation_id: integer('chat_conversation_id').notNull().references(() => chatConversation.id, { onDelete: 'cascade' }),
  neptun_user_id: integer('neptun_user_id').notNull().references(() => neptunUser.id, { onDelete: 'cascade' }),
  actor: messageActor('actor').notNull(),
  message: text('message').notNull(),
  created_at: createdAt(),
  updated_at: updatedAt(),
}, t => [
  // A chat's messages are always read and trimmed in id order.
  index('chat_conversation_message_chat_idx').on(t.chat_conversation_id, t.id),
  index('chat_conversation_message_user_idx').on(t.neptun_user_id),
  uniqueIndex('chat_conversation_message_uuid_idx').on(t.uuid),
  // Search (server/search): the message's words, as the 'simple' configuration splits them. An
  // expression index, not a stored column: no table rewrite, and on a large table it can be
  // built CONCURRENTLY (docs/architecture.md "Search").
  index('chat_conversation_message_search_idx').using('gin', sql`to_tsvector('simple'::regconfig, ${t.message})`),
])

export const projectChatConversation = pgTable('project_chat_conversation', {
  project_id: integer('project_id').notNull().references(() => neptunUserProject.id, { onDelete: 'cascade' }),
  chat_conversation_id: integer('chat_conversation_id').notNull().references(() => chatConversation.id, { onDelete: 'cascade' }),
  created_at: createdAt(),
}, t => [
  primaryKey({ columns: [t.project_id, t.chat_conversation_id] }),
  index('project_chat_conversation_chat_idx').on(t.chat_conversation_id),
])

// Fixed-window request counters shared by every server instance: one row per bucket (an API key,
// an IP, an email…), upserted once per counted request.
export const rateLimitCounter = pgTable('rate_limit_counter', {
  bucket: text('bucket').primaryKey(),
  window_start: timestamp('window_start', { withTimezone: true }).notNull(),
  hits: integer('hits').notNull(),
})

// One row per open live WebSocket on a chat, written by the server instance that holds the socket.
// The instance refreshes heartbeat_at every LIVE_PRESENCE_TTL_SECONDS / 3; a row older than the TTL
// belongs to an instance that died and counts for nothing (any instance prunes it).
export const liveConnection = pgTable('live_connection', {
  id: uuid('id').primaryKey(),
  chat_conversation_id: integer('chat_conversation_id').notNull().references(() => chatConversation.id, { onDelete: 'cascade' }),
  neptun_user_id: integer('neptun_user_id').notNull().references(() => neptunUser.id, { onDelete: 'cascade' }),
  instance_id: uuid('instance_id').notNull(),
  opened_at: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
  heartbeat_at: timestamp('heartbeat_at', { withTimezone: true }).notNull().defaultNow(),
}, t => [
  index('live_connection_chat_idx').on(t.chat_conversation_id, t.heartbeat_at),
  index('live_connection_heartbeat_idx').on(t.heartbeat_at),
])

// Keys for the v1 API. Only the SHA-256 of a key is stored (a 256-bit random key needs no slow
// hash); `prefix` is its first characters, so a user can tell keys apart. Revoking sets revoked_at.
export const neptunApiKey = pgTable('neptun_api_key', {
  id: serial('id').primaryKey(),
  neptun_user_id: integer('neptun_user_id').notNull().references(() => neptunUser.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  prefix: text('prefix').notNull(),
  key_hash: text('key_hash').notNull(),
  // What the key may do (shared/utils/api-scopes.ts); keys made before scopes existed keep all four.
  scopes: text('scopes').array().$type<ApiKeyScope[]>().notNull().default(sql`ARRAY['chats:read', 'chats:delete', 'messages:read', 'messages:write']::text[]`),
  created_at: createdAt(),
  last_used_at: timestamp('last_used_at', { withTimezone: true }),
  revoked_at: timestamp('revoked_at', { withTimezone: true }),
  /** null: never expires. From this moment on the key is refused like a revoked one. */
  expires_at: timestamp('expires_at', { withTimezone: true }),
}, t => [
  uniqueIndex('neptun_api_key_hash_idx').on(t.key_hash),
  index('neptun_api_key_user_idx').on(t.neptun_user_id, t.id),
])

// Proof of deletion (docs/architecture.md, "Deletion receipts"): one row per deletion, written by the
// statement that deletes, so a receipt exists exactly when the deletion committed. It keeps no
// content: ids, counts and who asked. An account's receipts go with the account.
export const receiptActor = pgEnum('deletion_receipt_actor', ['user', 'api_key', 'retention'])

export const deletionReceipts = pgTable('deletion_receipts', {
  uuid: uuid('uuid').primaryKey().default(sql`gen_random_uuid()`),
  neptun_user_id: integer('neptun_user_id').notNull().references(() => neptunUser.id, { onDelete: 'cascade' }),
  created_at: createdAt(),
  actor: receiptActor('actor').notNull(),
  /** The key of an api_key actor: its id and shown prefix (the key itself may be revoked later). */
  api_key_id: integer('api_key_id'),
  api_key_prefix: text('api_key_prefix'),
  /** The projects the deleted chats were linked to (a retention receipt: its policy's project). */
  project_ids: integer('project_ids').array().notNull(),
  /** `DELETE /api/v1/chats/:chat_id`: the route's method and pattern, or `retention sweep`. */
  route: text('route').notNull(),
  request_id: text('request_id'),
  chat_uuids: uuid('chat_uuids').array().notNull(),
  chats_deleted: integer('chats_deleted').notNull(),
  messages_deleted: integer('messages_deleted').notNull(),
  project_links_deleted: integer('project_links_deleted').notNull(),
}, t => [
  // The history pages newest first: (created_at, uuid) is its keyset.
  index('deletion_receipts_user_created_idx').on(t.neptun_user_id, t.created_at, t.uuid),
])

// A project's retention policy: chats linked to it and not updated for `days` days are deleted by
// the sweep (server/retention/). No row: no policy. The last run's summary is kept for the project page.
export const projectRetentionPolicy = pgTable('project_retention_policy', {
  project_id: integer('project_id').primaryKey().references(() => neptunUserProject.id, { onDelete: 'cascade' }),
  days: integer('days').notNull(),
  updated_at: updatedAt(),
  last_run_at: timestamp('last_run_at', { withTimezone: true }),
  last_deleted_chats: integer('last_deleted_chats'),
  last_skipped_live: integer('last_skipped_live'),
}, t => [check('project_retention_policy_days_check', sql`${t.days} BETWEEN 1 AND 3650`)])

// The sweep's lease: one row per named job; an instance runs the job only while it holds an
// unexpired lease, taken with one UPDATE … WHERE expires_at < now() (no session state, so it works
// behind a transaction-mode pooler).
export const jobLease = pgTable('job_lease', {
  name: text('name').primaryKey(),
  holder: uuid('holder'),
  expires_at: timestamp('expires_at', { withTimezone: true }).notNull(),
})

// v1 Idempotency-Key (server/v1/idempotency.ts): one row per (account, key). A request claims its
// key by inserting the row (status null: in progress), runs, then stores its answer in the row;
// a retry with the same key gets that answer back. Rows older than 24 h count for nothing (a new
// request takes the key over) and the retention sweep deletes them.
export const idempotencyKey = pgTable('idempotency_key', {
  neptun_user_id: integer('neptun_user_id').notNull().references(() => neptunUser.id, { onDelete: 'cascade' }),
  key: text('key').notNull(),
  method: text('method').notNull(),
  path: text('path').notNull(),
  /** SHA-256 (hex) of the request's body as sent. */
  body_hash: text('body_hash').notNull(),
  /** The claiming request's token: only it may fill in or release the row. */
  claim_id: uuid('claim_id').notNull(),
  request_id: text('request_id'),
  /** null while the first request runs. */
  status: smallint('status'),
  response_body: text('response_body'),
  response_headers: jsonb('response_headers').$type<Record<string, string>>(),
  created_at: createdAt(),
}, t => [
  primaryKey({ columns: [t.neptun_user_id, t.key] }),
  index('idempotency_key_created_idx').on(t.created_at),
])

export type DeletionReceipt = typeof deletionReceipts.$inferSelect
export type User = typeof neptunUser.$inferSelect
export type Project = typeof neptunUserProject.$inferSelect
export type Chat = typeof chatConversation.$inferSelect
export type ChatMessage = typeof chatConversationMessage.$inferSelect
export type MessageActor = ChatMessage['actor']
export type ApiKey = typeof neptunApiKey.$inferSelect
