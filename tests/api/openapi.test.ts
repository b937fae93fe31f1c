import { randomUUID } from 'node:crypto'
import { Validator } from '@seriousme/openapi-schema-validator'
import { describe, expect, it } from 'vitest'
import { request, signUp } from '../helpers/client'
import { createApiKey, createChat, createProject, v1 } from '../helpers/fixtures'
import { loadOpenApi, openApiProblems } from '../helpers/openapi'

// GET /api/v1/openapi.json: a valid OpenAPI 3.1 document of every v1 route, and the answers the
// routes give fit it (docs/api.md, "OpenAPI").

describe('GET /api/v1/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document, public, with every v1 route and its scope', async () => {
    const response = await request('GET', '/api/v1/openapi.json')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    const result = await new Validator().validate(response.body)
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
    const operations = Object.entries<Record<string, { 'operationId': string, 'x-scope': string }>>(response.body.paths)
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => `${method.toUpperCase()} ${path} ${op['x-scope']}`))
    expect(operations.sort()).toEqual([
      'DELETE /api/v1/chats/{chat_id} chats:delete',
      'GET /api/v1/chats chats:read',
      'GET /api/v1/chats/{chat_id} chats:read',
      'GET /api/v1/chats/{chat_id}/export messages:read',
      'GET /api/v1/receipts chats:read',
      'GET /api/v1/receipts/{receipt_id} chats:read',
      'POST /api/v1/chats/batch-delete chats:delete',
      'GET /api/v1/chats/{chat_id}/messages messages:read',
      'POST /api/v1/chats/{chat_id}/messages messages:write',
      'DELETE /api/v1/chats/{chat_id}/messages/last messages:write',
    ].sort())
    expect(response.body.components.securitySchemes).toMatchObject({
      ApiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      Bearer: { type: 'http', scheme: 'bearer' },
    })
  })

  it('describes the query as the routes read it: limit bounds, cursor, force', async () => {
    const { document } = await loadOpenApi()
    const list = document.paths['/api/v1/chats'].get.parameters
    expect(list.map((p: { name: string }) => p.name)).toEqual(['limit', 'cursor', 'q', 'model', 'created_after', 'created_before', 'updated_after', 'updated_before', 'min_messages', 'max_messages', 'kept'])
    expect(list.every((p: { required: boolean }) => !p.required)).toBe(true)
    const del = document.paths['/api/v1/chats/{chat_id}'].delete
    expect(del.parameters.map((p: { name: string, in: string }) => `${p.in}:${p.name}`)).toEqual(['path:chat_id', 'query:force', 'header:Idempotency-Key'])
    expect(Object.keys(del.responses).sort()).toEqual(['200', '400', '401', '403', '404', '409', '422', '429', '500', '503'])
  })
})

describe('every v1 answer fits the document', () => {
  it('successes, and each documented error: 400, 401, 403, 404, 409-free deletes, receipts, export, HEAD', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const chat = await createChat(user, project.id)
    const doomed = await createChat(user, project.id)
    const { key } = await createApiKey(user)
    const readOnly = await createApiKey(user, 'read', { scopes: ['chats:read'] })
    const deleted = await v1(key, 'DELETE', `/chats/${doomed.uuid}`)
    const receiptId = deleted.headers.get('neptun-receipt-id')!
    const calls: [string | undefined, string, string, Record<string, string>?][] = [
      [key, 'GET', '/chats'],
      [key, 'GET', '/chats?limit=1'],
      [key, 'GET', '/chats?limit=0'],
      [key, 'GET', '/chats?cursor=nope'],
      [key, 'GET', `/chats/${chat.uuid}`],
      [key, 'GET', `/chats/${randomUUID()}`],
      [key, 'GET', '/chats/not-a-uuid'],
      [undefined, 'GET', '/chats'],
      ['nk_wrong', 'GET', `/chats/${chat.uuid}`],
      [readOnly.key, 'DELETE', `/chats/${chat.uuid}`],
      [readOnly.key, 'GET', `/chats/${chat.uuid}/export`],
      [key, 'GET', `/chats/${chat.uuid}/export`],
      [key, 'GET', `/chats/${randomUUID()}/export`],
      [key, 'GET', '/receipts'],
      [key, 'GET', '/receipts?actor=robot'],
      [key, 'GET', `/receipts/${receiptId}`],
      [key, 'GET', `/receipts/${randomUUID()}`],
      [key, 'HEAD', '/chats'],
      [key, 'DELETE', `/chats/${chat.uuid}?force=maybe`],
      [key, 'DELETE', `/chats/${randomUUID()}`],
      [key, 'DELETE', `/chats/${chat.uuid}`],
    ]
    expect(await openApiProblems('DELETE', `/api/v1/chats/${doomed.uuid}`, deleted)).toEqual([])
    const statuses: number[] = []
    for (const [withKey, method, path, headers] of calls) {
      const response = await v1(withKey, method, path, { headers })
      statuses.push(response.status)
      expect(await openApiProblems(method, `/api/v1${path}`, response), `${method} ${path}`).toEqual([])
    }
    expect(statuses).toEqual([200, 200, 400, 400, 200, 404, 400, 401, 401, 403, 403, 200, 404, 200, 400, 200, 404, 200, 400, 404, 200])
  })

  it('the checker itself refuses what the document does not say', async () => {
    const user = await signUp()
    const { key } = await createApiKey(user)
    const response = await v1(key, 'GET', '/chats')
    const tampered = { ...response, body: { chats: [{ id: 42 }], next_cursor: null } }
    expect((await openApiProblems('GET', '/api/v1/chats', tampered)).join()).toMatch(/body/)
    expect(await openApiProblems('GET', '/api/v1/nothing', response)).toEqual(['GET /api/v1/nothing: no operation in the document'])
    expect(await openApiProblems('GET', '/api/v1/chats', { ...response, status: 418 })).toEqual(['GET /api/v1/chats: status 418 is not documented'])
  })
})
