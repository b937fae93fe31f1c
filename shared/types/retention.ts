// Retention policies (docs/api.md, "Retention policies"): a project's "delete chats not updated for
// N days", applied by the sweep; kept chats are exempt and chats open live are skipped.

export const RETENTION_DAYS = { min: 1, max: 3650 } as const

/** GET/PUT /api/users/:uid/projects/:pid/retention: `days` null is no policy. */
export interface RetentionPolicy {
  days: number | null
  /** The sweep's last run on this project, or null before its first. */
  last_run: { at: string, deleted_chats: number, skipped_live: number } | null
}

/** GET …/retention/preview?days=N: what the policy would do right now. */
export interface RetentionPreview {
  days: number
  would_delete: number
  /** Old enough but kept: exempt. */
  kept: number
  /** Old enough, not kept, but open live: the sweep skips them. */
  live: number
}
