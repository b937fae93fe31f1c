// POST /api/users/{user_id}/projects/{project_id}/import (docs/api.md, "Export and import"): what an
// import answers. It takes what the export writes (#shared/types/export): a ZIP, or one chat's JSON.

export interface ImportedChatRef {
  /** The new chat's id and uuid. */
  id: number
  uuid: string
  /** The chat's uuid in the file it came from. */
  source_uuid: string
}

export interface ImportResult {
  counts: { chats: number, messages: number }
  /** In the input's order. */
  chats: ImportedChatRef[]
}
