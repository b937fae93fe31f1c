/** The signed-in user's id (undefined while signed out); pages that use it sit behind the auth middleware. */
export function useCurrentUserId() {
  const { user } = useUserSession()
  return computed(() => user.value?.id)
}
