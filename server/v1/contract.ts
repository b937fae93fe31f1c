import { z } from 'zod'
import type { V1BatchDeleteAnswer, V1Chat, V1ChatsPage, V1Message, V1MessagesPage } from '#shared/types/api'
import { RECEIPT_ACTORS, type Receipt, type ReceiptsPage } from '#shared/types/receipts'
import { EXPORT_FORMAT, type ExportedChat } from '#shared/types/export'
import { ReceiptPageQuery } from '#server/receipts'
import type { ApiKeyScope } from '#shared/utils/api-scopes'
import { batchRoutes, type BatchDeleteAnswerSchema } from './contract-batch'
import { messageRoutes, type MessagesPageSchema, type V1MessageSchema } from './contract-messages'
import { chatSearchParams } from './chat-search'
import { ChatCursorQuery, limitQuery } from './cursor'
import { uuidParam } from './uuid'

// The v1 API, route by route: what each takes (path, query, body), the scope its key needs, and
// what it answers. define-route.ts validates requests with these schemas, and openapi.ts builds
// /api/v1/openapi.json from the very same ones, so the document cannot say one thing while the
// code does another. The answers' TypeScript types live in #shared/types/api; the checks at the
// end of this file tie the response schemas to them.

export interface V1Response {
  description: string
  schema: z.ZodType
}

export interface V1Route {
  operationId: string
  method: 'GET' | 'POST' | 'DELETE'
  /** The OpenAPI path, `{name}` for a path parameter. */
  path: string
  summary: string
  description?: string
  scope: ApiKeyScope
  params?: z.ZodObject
  query?: z.ZodObject
  body?: z.ZodType
  /** The success answer's status and body. */
  status: number
  response: V1Response
  /** The route's own error answers beyond the ones every route has (400, 401, 403, 429, 500, 503). */
  errors: readonly number[]
}

const isoTime = z.iso.datetime({ offset: false }).meta({ example: '2026-11-23T19:17:22.392Z' })

export const ErrorBodySchema = z.object({
  statusCode: z.int(),
  statusMessage: z.string(),
  message: z.string(),
  data: z.unknown().optional(),
}).meta({ id: 'Error', description: 'Every error answer: the status, its reason phrase, what went wrong, and sometimes details.' })

export const V1ChatSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  model: z.string(),
  created_at: isoTime,
  updated_at: isoTime,
  message_count: z.int().min(0),
}).meta({ id: 'Chat' })

const ReceiptSummarySchema = z.object({
  id: z.uuid(),
  created_at: isoTime,
  actor: z.object({
    kind: z.enum(RECEIPT_ACTORS),
    api_key_id: z.int().nullable(),
    api_key_prefix: z.string().nullable(),
  }),
  route: z.string().meta({ description: 'The deleting route\'s method and pattern, or `retention sweep`' }),
  request_id: z.string().nullable().meta({ description: 'The X-Request-Id of the deleting request' }),
  project_ids: z.array(z.int()),
  counts: z.object({ chats: z.int().min(0), messages: z.int().min(0), project_links: z.int().min(0) }),
}).meta({ id: 'ReceiptSummary', description: 'What a deletion removed: ids and counts, never content' })

const ReceiptSchema = ReceiptSummarySchema.extend({ chat_ids: z.array(z.uuid()) }).meta({ id: 'Receipt' })

const actor = z.enum(['user', 'assistant', 'system'])

const ExportedChatSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  format_version: z.int(),
  chat: z.object({
    id: z.int(),
    uuid: z.uuid(),
    name: z.string(),
    model: z.string(),
    kept: z.boolean(),
    created_at: isoTime,
    updated_at: isoTime,
  }),
  projects: z.array(z.object({ id: z.int(), name: z.string() })),
  messages: z.array(z.object({ id: z.int(), actor, message: z.string(), created_at: isoTime, updated_at: isoTime })),
}).meta({ id: 'ExportedChat', description: 'One chat as the export ZIP holds it (chats/<uuid>.json)' })

/** `?name=true|false`, absent: false. */
const booleanQuery = (name: string, description: string) => z.enum(['true', 'false'], `Invalid ${name}`).optional()
  .transform(value => value === 'true').meta({ description })

const ChatParams = z.object({ chat_id: uuidParam('chat_id') })

export const v1Routes = {
  listChats: {
    operationId: 'listChats',
    method: 'GET',
    path: '/api/v1/chats',
    summary: 'List chats',
    description: 'The key owner\'s chats, most recently updated first, keyset-paged: pass next_cursor back as cursor until it is null, with the same q and filters. q and the filters narrow the list (the cookie list\'s grammar); the order stays the same.',
    scope: 'chats:read',
    query: z.object({ limit: limitQuery, cursor: ChatCursorQuery.optional(), ...chatSearchParams }),
    status: 200,
    response: {
      description: 'A page of chats',
      schema: z.object({ chats: z.array(V1ChatSchema), next_cursor: z.string().nullable() }).meta({ id: 'ChatsPage' }),
    },
    errors: [],
  },
  getChat: {
    operationId: 'getChat',
    method: 'GET',
    path: '/api/v1/chats/{chat_id}',
    summary: 'Get a chat',
    scope: 'chats:read',
    params: ChatParams,
    status: 200,
    response: { description: 'The chat', schema: z.object({ chat: V1ChatSchema }) },
    errors: [404],
  },
  deleteChat: {
    operationId: 'deleteChat',
    method: 'DELETE',
    path: '/api/v1/chats/{chat_id}',
    summary: 'Delete a chat',
    description: 'Deletes the chat and its messages. While a live socket follows the chat the answer is 409, unless force=true (the sockets are closed with 4004).',
    scope: 'chats:delete',
    params: ChatParams,
    query: z.object({ force: booleanQuery('force', 'true: delete even while live sockets follow the chat') }),
    status: 200,
    response: {
      description: 'Deleted',
      schema: z.object({ success: z.literal(true), message: z.string(), deleted_at: isoTime }).meta({ id: 'ChatDeleted' }),
    },
    errors: [404, 409],
  },
  exportChat: {
    operationId: 'exportChat',
    method: 'GET',
    path: '/api/v1/chats/{chat_id}/export',
    summary: 'Export a chat',
    description: 'The chat with every message, in the export format.',
    scope: 'messages:read',
    params: ChatParams,
    status: 200,
    response: { description: 'The chat, exported', schema: ExportedChatSchema },
    errors: [404],
  },
  listReceipts: {
    operationId: 'listReceipts',
    method: 'GET',
    path: '/api/v1/receipts',
    summary: 'List deletion receipts',
    description: 'The account\'s deletion receipts, newest first, keyset-paged.',
    scope: 'chats:read',
    query: ReceiptPageQuery,
    status: 200,
    response: {
      description: 'A page of receipts',
      schema: z.object({ receipts: z.array(ReceiptSummarySchema), next_cursor: z.string().nullable() }).meta({ id: 'ReceiptsPage' }),
    },
    errors: [],
  },
  getReceipt: {
    operationId: 'getReceipt',
    method: 'GET',
    path: '/api/v1/receipts/{receipt_id}',
    summary: 'Get a deletion receipt',
    scope: 'chats:read',
    params: z.object({ receipt_id: uuidParam('receipt_id') }),
    status: 200,
    response: { description: 'The receipt, with the deleted chats\' ids', schema: z.object({ receipt: ReceiptSchema }) },
    errors: [404],
  },
  ...batchRoutes,
  ...messageRoutes,
} as const satisfies Record<string, V1Route>

export type V1RouteName = keyof typeof v1Routes

// The response schemas say what the shared types say.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
type Check<T extends true> = T
export type V1ContractChecks = [
  Check<Same<z.output<typeof V1ChatSchema>, V1Chat>>,
  Check<Same<z.output<typeof v1Routes.listChats.response.schema>, V1ChatsPage>>,
  Check<Same<z.output<typeof v1Routes.listReceipts.response.schema>, ReceiptsPage>>,
  Check<Same<z.output<typeof ReceiptSchema>, Receipt>>,
  Check<Same<z.output<typeof ExportedChatSchema>, ExportedChat>>,
  Check<Same<z.output<typeof BatchDeleteAnswerSchema>, V1BatchDeleteAnswer>>,
  Check<Same<z.output<typeof V1MessageSchema>, V1Message>>,
  Check<Same<z.output<typeof MessagesPageSchema>, V1MessagesPage>>,
]
