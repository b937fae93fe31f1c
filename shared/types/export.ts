import type { Actor } from './api'

// The export format (docs/api.md, "Export and import"): what an export ZIP holds and what an import
// takes. A ZIP has `manifest.json` and, per chat, `chats/<uuid>.json` (an ExportedChat) and
// `chats/<uuid>.md` (the same chat for people). GET /api/v1/chats/{chat_id}/export answers one
// ExportedChat. Times are ISO-8601 UTC with milliseconds, like every answer of the API.

export const EXPORT_FORMAT = 'neptun-chats-export'
export const EXPORT_FORMAT_VERSION = 1

export interface ExportedMessage {
  id: number
  actor: Actor
  message: string
  created_at: string
  updated_at: string
}

export interface ExportedChat {
  format: typeof EXPORT_FORMAT
  format_version: number
  chat: {
    id: number
    uuid: string
    name: string
    model: string
    kept: boolean
    created_at: string
    updated_at: string
  }
  /** The user's projects the chat was linked to when exported. */
  projects: { id: number, name: string }[]
  /** In their order (id order). */
  messages: ExportedMessage[]
}

export interface ExportManifest {
  format: typeof EXPORT_FORMAT
  format_version: number
  exported_at: string
  /** What was exported: one chat, a selection, or a project (all of it, or what matched q/kept). */
  scope: 'chat' | 'selection' | 'project'
  project: { id: number, name: string }
  counts: { chats: number, messages: number }
}
