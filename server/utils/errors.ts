// The error bodies of the seeds. h3 renders them as {statusCode, statusMessage, message, data}.

export interface ValidationIssue {
  code: string
  message: string
  path?: (string | number)[]
}

/** `{statusCode: 400, statusMessage: "Bad Request", data: {issues: [{code, message}]}}` */
export function badRequest(issues: ValidationIssue[]) {
  return createError({ statusCode: 400, statusMessage: 'Bad Request', message: issues[0]?.message ?? 'Bad Request', data: { issues } })
}

export function unauthorized(message: string) {
  return createError({ statusCode: 401, statusMessage: 'Unauthorized', message })
}

export function notFound(message: string, data?: unknown) {
  return createError({ statusCode: 404, statusMessage: 'Not Found', message, data })
}

export function conflict(message: string) {
  return createError({ statusCode: 409, statusMessage: 'Conflict', message })
}

export function tooManyRequests(message: string) {
  return createError({ statusCode: 429, statusMessage: 'Too Many Requests', message })
}

export function forbidden(message: string) {
  return createError({ statusCode: 403, statusMessage: 'Forbidden', message })
}

export function payloadTooLarge(message: string) {
  return createError({ statusCode: 413, statusMessage: 'Payload Too Large', message })
}
