import type { IncomingMessage } from 'node:http'
import type { H3Event } from 'h3'

/** The largest request body any route accepts: a batch of 1000 ids or 100 messages fits many times. */
export const MAX_BODY_BYTES = 1024 * 1024

// Where h3's readRawBody looks first for a body someone has already read (h3 1.x).
const RAW_BODY = Symbol.for('h3RawBody')
const PAYLOAD_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * Reads the request body once, counting bytes as they arrive, and hands it to h3 so routes read it
 * as usual. A Content-Length over the limit is refused before a byte is read; a chunked body is
 * refused at the first chunk past the limit, and the rest is never buffered.
 */
export async function limitRequestBody(event: H3Event, maxBytes = MAX_BODY_BYTES): Promise<void> {
  if (!PAYLOAD_METHODS.has(event.method)) return
  const request = event.node.req
  const length = request.headers['content-length']
  const chunked = /\bchunked\b/i.test(String(request.headers['transfer-encoding'] ?? ''))
  if (length !== undefined && Number(length) > maxBytes) throw tooLarge(maxBytes)
  if (!Number.parseInt(length ?? '', 10) && !chunked) return
  const body = await readAtMost(request, maxBytes).catch((reason: typeof TOO_LARGE | typeof ABORTED) => {
    throw reason === TOO_LARGE ? tooLarge(maxBytes) : badRequest([{ code: 'aborted', message: 'The request body ended early' }])
  })
  ;(request as unknown as Record<symbol, unknown>)[RAW_BODY] = Promise.resolve(body)
}

const TOO_LARGE = Symbol('too large')
const ABORTED = Symbol('aborted')

function readAtMost(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size <= maxBytes) {
        chunks.push(chunk)
        return
      }
      cleanUp()
      // Flowing with no listener: the rest is read and dropped, never kept.
      request.resume()
      reject(TOO_LARGE)
    }
    const onEnd = () => {
      cleanUp()
      resolve(Buffer.concat(chunks))
    }
    // A client that goes away mid-body: nobody reads the answer, but the request must not hang
    // or log as a server error.
    const onAbort = () => {
      cleanUp()
      reject(ABORTED)
    }
    const cleanUp = () => {
      request.off('data', onData).off('end', onEnd).off('error', onAbort).off('close', onAbort)
    }
    request.on('data', onData).on('end', onEnd).on('error', onAbort).on('close', onAbort)
  })
}

function tooLarge(maxBytes: number) {
  // Nothing more is kept: once the answer is sent Node reads the rest of the body into the void,
  // so a client still sending sees the 413 instead of a broken pipe.
  return payloadTooLarge(`Request body is larger than ${maxBytes} bytes`)
}
