import type { H3Event } from 'h3'
import type { ImportBody } from '#server/import'
import { useSettings } from '#server/settings'

// The import route's body (server/import): the only route that takes more than 1 MiB. The body-limit
// middleware leaves its body to the route, refusing only a Content-Length over IMPORT_MAX_BYTES, so
// a request is signed in and its project found before a byte of it is buffered.

const IMPORT_PATH = /^\/api\/users\/[^/?]+\/projects\/[^/?]+\/import\/?(\?.*)?$/
const ZIP_TYPES = new Set(['application/zip', 'application/x-zip-compressed'])

export function isImportRequest(event: H3Event): boolean {
  return event.method === 'POST' && IMPORT_PATH.test(event.path)
}

/** The body-limit middleware's part for an import: a declared length over the cap → 413 at once. */
export function limitImportLength(event: H3Event): void {
  const length = event.node.req.headers['content-length']
  const max = useSettings().import.maxBodyBytes
  if (length !== undefined && Number(length) > max) throw payloadTooLarge(`Request body is larger than ${max} bytes`)
}

/** What the Content-Type says the body is; anything else → 415. */
export function importKind(event: H3Event): ImportBody['kind'] {
  const type = (getRequestHeader(event, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  if (type === 'application/json') return 'json'
  if (ZIP_TYPES.has(type)) return 'zip'
  throw apiError(415, 'Send an export\'s ZIP as application/zip, or one chat\'s JSON as application/json', undefined, 'Unsupported Media Type')
}

/** The body, counted as it streams: past IMPORT_MAX_BYTES → 413, the rest never buffered. */
export async function readImportBody(event: H3Event): Promise<Buffer> {
  await limitRequestBody(event, useSettings().import.maxBodyBytes)
  return (await readRawBody(event, false)) ?? Buffer.alloc(0)
}
