import type { ApiErrorBody } from '#shared/types/api'

interface ErrorLike {
  status?: number
  statusCode?: number
  data?: unknown
  message?: string
}

/** The body the server answered with, whether the error came from $fetch or from useAsyncData. */
function bodyOf(error: unknown): ApiErrorBody | undefined {
  const data = (error as ErrorLike | null)?.data
  return data && typeof data === 'object' && 'statusCode' in data ? data as ApiErrorBody : undefined
}

export function apiErrorStatus(error: unknown): number | undefined {
  const e = error as ErrorLike | null
  return bodyOf(error)?.statusCode ?? e?.statusCode ?? e?.status
}

/** What to tell the user: the server's `message`, else a plain sentence. */
export function apiErrorMessage(error: unknown, fallback = 'Something went wrong. Please try again.'): string {
  const body = bodyOf(error)
  if (body?.message && body.message !== body.statusMessage) return body.message
  if (typeof body?.data === 'string') return body.data
  if (apiErrorStatus(error) === undefined) return 'The server could not be reached. Check your connection and try again.'
  return body?.message || fallback
}

/** The `data.reason` of an error answer (sudo mode's `reauth_required`, `invalid_password`), if any. */
export function apiErrorReason(error: unknown): string | undefined {
  const reason = (bodyOf(error)?.data as { reason?: unknown } | undefined)?.reason
  return typeof reason === 'string' ? reason : undefined
}

/** The 400 answers carry `data.issues[{message, path}]`: one message per field, for the form. */
export function apiFieldErrors(error: unknown): Record<string, string> {
  const issues = (bodyOf(error)?.data as { issues?: { message: string, path?: (string | number)[] }[] } | undefined)?.issues ?? []
  const fields: Record<string, string> = {}
  for (const issue of issues) {
    const field = String(issue.path?.[0] ?? '')
    // The server prefixes the path ("password: Password must be…"); the form shows the field already.
    const message = field && issue.message.startsWith(`${field}: `) ? issue.message.slice(field.length + 2) : issue.message
    fields[field] ??= message
  }
  return fields
}
