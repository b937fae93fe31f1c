// Deleting an account (docs/api.md, "DELETE /api/users/[user_id]"; docs/security.md).

/** DELETE /api/users/:uid: the current password, as the password change takes it. */
export interface AccountDeletion {
  password: string
}

/** What went with the account. */
export interface AccountDeletionCounts {
  chats: number
  messages: number
  projects: number
  api_keys: number
  /** The account's deletion receipts (they go with it). */
  receipts: number
}

/**
 * The answer of an account deletion: its final receipt, counts only (no email, no names). It is
 * not stored anywhere (the account is gone): this answer is the only copy, for the user to keep.
 */
export interface AccountDeletionReceipt {
  receipt: {
    kind: 'account_deletion'
    /** The database's time of the last transaction (the account row's DELETE). */
    deleted_at: string
    counts: AccountDeletionCounts
  }
}
