/**
 * Sign-in and sign-up: posts the form, shows the server's field errors next to the fields,
 * then loads the session and goes where the visitor was heading.
 */
export function useAuthForm(endpoint: '/api/auth/login' | '/api/auth/register', validate: (email: string, password: string) => Record<string, string>) {
  const route = useRoute()
  const { fetch: fetchSession } = useUserSession()
  const email = ref('')
  const password = ref('')
  const fieldErrors = ref<Record<string, string>>({})
  const formError = ref('')
  const submitting = ref(false)

  const redirect = computed(() => safeRedirect(route.query.redirect))

  async function submit() {
    formError.value = ''
    fieldErrors.value = validate(email.value, password.value)
    if (Object.keys(fieldErrors.value).length) return false
    submitting.value = true
    try {
      await $fetch(endpoint, { method: 'POST', body: { email: email.value, password: password.value } })
      await fetchSession()
      await navigateTo(redirect.value ?? '/projects', { replace: true })
      return true
    }
    catch (error) {
      const fields = apiFieldErrors(error)
      const status = apiErrorStatus(error)
      if (Object.keys(fields).length) fieldErrors.value = fields
      else if (status === 409) fieldErrors.value = { email: apiErrorMessage(error) }
      else formError.value = apiErrorMessage(error)
      return false
    }
    finally {
      submitting.value = false
    }
  }

  return { email, password, fieldErrors, formError, submitting, redirect, submit }
}
