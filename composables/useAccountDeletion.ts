import type { AccountDeletionReceipt } from '#shared/types/account'

/**
 * Deleting the signed-in account behind its password (docs/api.md, "DELETE /api/users/[user_id]"):
 * the answer is the final receipt, stored nowhere else, so it is kept here for the page to show
 * and to download until the user leaves.
 */
export function useAccountDeletion() {
  const userId = useCurrentUserId()
  const { clear } = useUserSession()
  const receipt = ref<AccountDeletionReceipt['receipt']>()
  const deleting = ref(false)

  /** Deletes the account; errors (a wrong password: a 400 on `password`) are the caller's to show. */
  async function deleteAccount(password: string): Promise<void> {
    deleting.value = true
    try {
      const answer = await $fetch<AccountDeletionReceipt>(`/api/users/${userId.value}`, { method: 'DELETE', body: { password } })
      receipt.value = answer.receipt
      await clear()
    }
    finally {
      deleting.value = false
    }
  }

  /** The receipt as a JSON file the browser downloads. */
  function downloadReceipt(): void {
    if (!receipt.value) return
    const blob = new Blob([JSON.stringify({ receipt: receipt.value }, null, 2)], { type: 'application/json' })
    const url = URL.createObjectURL(blob)
    const link = document.createElement('a')
    link.href = url
    link.download = `neptun-account-deletion-${receipt.value.deleted_at.slice(0, 10)}.json`
    link.click()
    URL.revokeObjectURL(url)
  }

  return { receipt: readonly(receipt), deleting: readonly(deleting), deleteAccount, downloadReceipt }
}
