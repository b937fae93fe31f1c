// Managing a project (docs/api.md, "Rename and delete a project").

/** PATCH /api/users/:uid/projects/:pid: the new name (1–200 characters, trimmed); answers `{project}`. */
export interface ProjectRename {
  name: string
}

/**
 * DELETE /api/users/:uid/projects/:pid deletes at most 1,000 of the project's chats per call (one
 * transaction, one receipt): 202 with project_deleted false while chats remain (call it again),
 * 200 with project_deleted true once the project itself is gone.
 */
export interface ProjectDeletionStep {
  project_deleted: boolean
  /** Chats of this call that belonged to no other project: deleted with their messages. */
  chats_deleted: number
  /** Chats of this call linked to another project too (or another user's): only unlinked. */
  chats_unlinked: number
  /** Chats still linked to the project; 0 when project_deleted. */
  chats_remaining: number
}
