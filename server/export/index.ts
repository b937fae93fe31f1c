import type { Readable } from 'node:stream'
import type { DbOrTx } from '#server/database/client'
import { ownerId, type Owner } from '#server/database/queries/session-scope'
import type { JsonText } from '#shared/types/api'
import type { ExportedChat, ExportManifest } from '#shared/types/export'
import { missingExportChats, readExportPage, readExportedChatJson, type ExportSelection } from './queries'
import { EXPORT_PAGE_SIZE, exportZipStream } from './stream'

// Export (docs/architecture.md, "The export stream"): a project's chats, a selection of them or one
// chat as a ZIP built while it is sent, and one chat as JSON for v1. The format: #shared/types/export.

export type { ExportSelection } from './queries'

export type ChatsExport
  = | { kind: 'project_not_found' }
    | { kind: 'chats_not_found', missingChatIds: number[] }
    | { kind: 'zip', stream: Readable, filename: string }

/**
 * The ZIP of the project's chats that `selection` picks. The first page is read before anything is
 * sent, so a missing project (or chat of a selection) is a 404 and not a broken download.
 */
export async function exportProjectChats(db: DbOrTx, owner: Owner, projectId: number, selection: ExportSelection, scope: ExportManifest['scope']): Promise<ChatsExport> {
  const first = await readExportPage(db, owner, projectId, selection, 0, EXPORT_PAGE_SIZE)
  if (!first) return { kind: 'project_not_found' }
  if ('chatIds' in selection) {
    const missingChatIds = await missingExportChats(db, ownerId(owner), projectId, selection.chatIds)
    if (missingChatIds.length) return { kind: 'chats_not_found', missingChatIds }
  }
  const day = new Date().toISOString().slice(0, 10)
  const what = scope === 'chat' && first.chats[0] ? `chat-${first.chats[0].uuid}` : `project-${projectId}${scope === 'selection' ? '-selection' : ''}`
  return { kind: 'zip', stream: exportZipStream(db, owner, projectId, selection, scope, first), filename: `neptun-${what}-${day}.zip` }
}

/** One chat as an ExportedChat's JSON text; undefined: not the user's chat. */
export async function exportChatJson(db: DbOrTx, userId: number, chatUuid: string): Promise<JsonText<ExportedChat> | undefined> {
  return await readExportedChatJson(db, userId, chatUuid) as JsonText<ExportedChat> | undefined
}
