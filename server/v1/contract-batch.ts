import { z } from 'zod'
import type { V1Route } from './contract'
import { uuidParam } from './uuid'

// POST /api/v1/chats/batch-delete: part of the v1 contract (contract.ts spreads it into v1Routes).

export const MAX_BATCH_DELETE = 1000
const COUNT = `Give 1 to ${MAX_BATCH_DELETE} chat_ids`
const flag = (name: string, description: string) => z.boolean(`${name} must be true or false`).optional().default(false).meta({ description })

const BatchDeleteBody = z.strictObject({
  chat_ids: z.array(uuidParam('chat_id'), COUNT).min(1, COUNT).max(MAX_BATCH_DELETE, COUNT)
    .meta({ description: 'The chats to delete, by id; a repeated id is deleted once and answered at each of its places' }),
  dry_run: flag('dry_run', 'true: delete nothing, answer what a real run would do now'),
  force: flag('force', 'true: delete even chats that live sockets follow (the sockets are closed with 4004)'),
}, { error: issue => issue.code === 'invalid_type' ? 'The body must be a JSON object with chat_ids' : undefined }).meta({ id: 'BatchDeleteRequest' })

const chatId = z.uuid().meta({ description: 'The id as given (lower-cased)' })

const BatchDeleteResultSchema = z.discriminatedUnion('status', [
  z.object({
    chat_id: chatId,
    status: z.literal('deleted'),
    receipt_id: z.uuid().nullable().meta({ description: 'The receipt of the chunk that deleted it; null in a dry run' }),
  }),
  z.object({ chat_id: chatId, status: z.literal('not_found') }),
  z.object({ chat_id: chatId, status: z.literal('active_connections'), active_connections: z.int().min(1) }),
]).meta({ id: 'BatchDeleteResult', description: 'One id\'s outcome (in a dry run: what would happen)' })

export const BatchDeleteAnswerSchema = z.object({
  dry_run: z.boolean(),
  results: z.array(BatchDeleteResultSchema).meta({ description: 'One per given id, in the given order' }),
}).meta({ id: 'BatchDeleteAnswer' })

export const batchRoutes = {
  batchDeleteChats: {
    operationId: 'batchDeleteChats',
    method: 'POST',
    path: '/api/v1/chats/batch-delete',
    summary: 'Delete many chats',
    description: `Deletes up to ${MAX_BATCH_DELETE} chats, each whole or not at all, in chunks of 250 distinct ids with one transaction and one deletion receipt each. Each id answers deleted, not_found (missing or another account's) or active_connections (live sockets follow it and force is not set). dry_run changes nothing.`,
    scope: 'chats:delete',
    body: BatchDeleteBody,
    status: 200,
    response: { description: 'One result per id, in order', schema: BatchDeleteAnswerSchema },
    errors: [],
  },
} as const satisfies Record<string, V1Route>
