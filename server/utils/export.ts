import type { H3Event } from 'h3'
import type { Readable } from 'node:stream'

/**
 * Sends an export's ZIP as it is built (server/export/): an attachment, never cached. A client
 * that leaves mid-download ends the stream, so no page is read for nobody.
 */
export function sendZip(event: H3Event, zip: { stream: Readable, filename: string }) {
  setResponseHeaders(event, {
    'Content-Type': 'application/zip',
    'Content-Disposition': `attachment; filename="${zip.filename}"`,
    'Cache-Control': 'no-store',
  })
  event.node.res.once('close', () => zip.stream.destroy())
  return sendStream(event, zip.stream)
}
