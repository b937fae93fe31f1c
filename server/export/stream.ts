import { Readable } from 'node:stream'
import type { DbOrTx } from '#server/database/client'
import type { Owner } from '#server/database/queries/session-scope'
import { EXPORT_FORMAT, EXPORT_FORMAT_VERSION, type ExportManifest } from '#shared/types/export'
import { readExportPage, type ExportPage, type ExportSelection } from './queries'
import { ZipWriter } from './zip-writer'

/** Chats per statement: a page with its messages is a few MB of text at most. */
export const EXPORT_PAGE_SIZE = 500

/**
 * The ZIP as a stream that reads the next page only when the previous one was taken (the response's
 * backpressure, via Readable.from): the server holds one page and the central directory, whatever
 * the project's size. Each page is one statement; chats deleted while the export runs are left out
 * of the pages not yet read.
 */
export function exportZipStream(db: DbOrTx, owner: Owner, projectId: number, selection: ExportSelection, scope: ExportManifest['scope'], first: ExportPage): Readable {
  return Readable.from(zipChunks(db, owner, projectId, selection, scope, first), { objectMode: false, highWaterMark: 1 << 20 })
}

async function* zipChunks(db: DbOrTx, owner: Owner, projectId: number, selection: ExportSelection, scope: ExportManifest['scope'], first: ExportPage): AsyncGenerator<Buffer> {
  const zip = new ZipWriter()
  const counts = { chats: 0, messages: 0 }
  let page: ExportPage | undefined = first
  while (page && page.chats.length) {
    const parts: Buffer[] = []
    for (const chat of page.chats) {
      parts.push(zip.add(`chats/${chat.uuid}.json`, Buffer.from(chat.json)), zip.add(`chats/${chat.uuid}.md`, Buffer.from(chat.md)))
      counts.chats++
      counts.messages += chat.messages
    }
    yield Buffer.concat(parts)
    if (page.chats.length < EXPORT_PAGE_SIZE) break
    page = await readExportPage(db, owner, projectId, selection, page.chats.at(-1)!.id, EXPORT_PAGE_SIZE)
  }
  const manifest: ExportManifest = {
    format: EXPORT_FORMAT,
    format_version: EXPORT_FORMAT_VERSION,
    exported_at: new Date().toISOString(),
    scope,
    project: first.project,
    counts,
  }
  yield Buffer.concat([zip.add('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`)), zip.finish()])
}
