import { sql } from 'drizzle-orm'
import { index, integer, pgEnum, pgTable, primaryKey, serial, text, timestamp, uuid } from 'drizzle-orm/pg-core'

// Names follow Neptun's existing database so its data can move over unchanged.

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()

export const neptunUser = pgTable('neptun_user', {
  id: serial('id').primaryKey(),
  primary_email: text('primary_email').notNull().unique(),
  hashed_password: text('hashed_password').notNull(),
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
}, t => [
  index('chat_conversation_user_idx').on(t.neptun_user_id, t.id),
  // A project's chats newest first (the list's default order) as an index walk that stops after a
  // page; the same definition and name as issue 7's, so either migration may create it.
  index('chat_conversation_user_updated_idx').on(t.neptun_user_id, t.updated_at, t.id),
])

export const messageActor = pgEnum('chat_conversation_message_actor', ['user', 'assistant', 'system'])

export const chatConversationMessage = pgTable('chat_conversation_message', {
  id: serial('id').primaryKey(),
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

export type User = typeof neptunUser.$inferSelect
export type Project = typeof neptunUserProject.$inferSelect
export type Chat = typeof chatConversation.$inferSelect
export type ChatMessage = typeof chatConversationMessage.$inferSelect
export type MessageActor = ChatMessage['actor']
