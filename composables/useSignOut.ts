export type SignOutScope = 'device' | 'everywhere'

/**
 * Signing out: `device` forgets this browser's session only; `everywhere` ends every session of
 * the account (other devices and copied cookies too). Either way this page goes to the sign-in.
 */
export function useSignOut() {
  const { clear } = useUserSession()
  const toasts = useToasts()
  const signingOut = ref<SignOutScope | null>(null)

  async function signOut(scope: SignOutScope) {
    signingOut.value = scope
    try {
      await $fetch('/api/auth/logout', { method: 'POST', query: { scope } })
      await clear()
      await navigateTo('/login')
    }
    catch (error) {
      toasts.error(apiErrorMessage(error, 'Signing out failed.'))
    }
    finally {
      signingOut.value = null
    }
  }

  return { signOut, signingOut: readonly(signingOut) }
}
