import { z } from 'zod'
import { CreateMessagesBody } from '#server/schemas/projects'
import type { V1Route } from './contract'
import { limitQuery, MessageCursorQuery } from './cursor'
import { uuidParam } from './uuid'

// The v1 messages routes: part of the v1 contract (contract.ts spreads them into v1Routes).

const isoTime = z.iso.datetime({ offset: false }).meta({ example: '2026-11-23T19:17:22.392Z' })

export const V1MessageSchema = z.object({
  id: z.uuid(),
  actor: z.enum(['user', 'assistant', 'system']),
  message: z.string(),
  created_at: isoTime,
}).meta({ id: 'Message' })

export const MessagesPageSchema = z.object({
  messages: z.array(V1MessageSchema),
  next_cursor: z.string().nullable(),
}).meta({ id: 'MessagesPage' })

const ChatParams = z.object({ chat_id: uuidParam('chat_id') })

export const messageRoutes = {
  listMessages: {
    operationId: 'listMessages',
    method: 'GET',
    path: '/api/v1/chats/{chat_id}/messages',
    summary: 'List a chat\'s messages',
    description: 'Oldest first (the chat\'s order), keyset-paged: pass next_cursor back as cursor until it is null. A cursor works for its own chat only.',
    scope: 'messages:read',
    params: ChatParams,
    query: z.object({ limit: limitQuery, cursor: MessageCursorQuery.optional() }),
    status: 200,
    response: { description: 'A page of messages', schema: MessagesPageSchema },
    errors: [404],
  },
  createMessages: {
    operationId: 'createMessages',
    method: 'POST',
    path: '/api/v1/chats/{chat_id}/messages',
    summary: 'Add messages to a chat',
    description: 'Appends 1 to 100 messages, in the order given (each 1 to 100,000 characters), all or none. The chat\'s live sockets hear message.created.',
    scope: 'messages:write',
    params: ChatParams,
    body: CreateMessagesBody.meta({ id: 'CreateMessagesRequest' }),
    status: 201,
    response: { description: 'The new messages, in order', schema: z.object({ messages: z.array(V1MessageSchema) }).meta({ id: 'MessagesCreated' }) },
    errors: [404],
  },
  trimLastExchange: {
    operationId: 'trimLastExchange',
    method: 'DELETE',
    path: '/api/v1/chats/{chat_id}/messages/last',
    summary: 'Delete the chat\'s last exchange',
    description: 'The last assistant message and the user message right before it; or, when the chat ends with user messages, those. System messages are never deleted nor counted. With expected_last_message_id, only while that is still the chat\'s last user or assistant message (else 409). 400 when there is nothing to delete.',
    scope: 'messages:write',
    params: ChatParams,
    query: z.object({
      expected_last_message_id: uuidParam('expected_last_message_id').optional()
        .meta({ description: 'The id of the message the client believes is last; another one (or none) → 409' }),
    }),
    status: 200,
    response: {
      description: 'Deleted: the messages, in the chat\'s order',
      schema: z.object({ deleted_messages: z.array(V1MessageSchema).min(1) }).meta({ id: 'MessagesTrimmed' }),
    },
    errors: [404, 409],
  },
} as const satisfies Record<string, V1Route>
