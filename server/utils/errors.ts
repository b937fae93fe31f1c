import type { ApiErrorBody } from '#shared/types/api'

// Every error answer under /api is `{statusCode, statusMessage, message[, data]}` (docs/api.md,
// "Conventions"), built by errorBody: thrown as an H3Error (the helpers below, answered by
// server/error.ts) or returned as is (the catch-alls, the v1 wrapper).

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
}

/** The error body, keys in this order; statusMessage defaults to the status's reason phrase, data is left out when undefined. */
export function errorBody(statusCode: number, message: string, data?: unknown, statusMessage = STATUS_TEXT[statusCode] ?? 'Error'): ApiErrorBody {
  return data === undefined ? { statusCode, statusMessage, message } : { statusCode, statusMessage, message, data }
}

/** An error to throw: server/error.ts (or the v1 wrapper) answers it with its errorBody. */
export function apiError(statusCode: number, message: string, data?: unknown, statusMessage?: string) {
  return createError(errorBody(statusCode, message, data, statusMessage))
}

export interface ValidationIssue {
  code: string
  message: string
  path?: (string | number)[]
}

/** `{statusCode: 400, statusMessage: "Bad Request", message, data: {issues: [{code, message}]}}`, message = the first issue's. */
export function badRequest(issues: ValidationIssue[]) {
  return apiError(400, issues[0]?.message ?? 'Bad Request', { issues })
}

export function unauthorized(message: string) {
  return apiError(401, message)
}

export function notFound(message: string, data?: unknown) {
  return apiError(404, message, data)
}

export function conflict(message: string) {
  return apiError(409, message)
}

export function tooManyRequests(message: string) {
  return apiError(429, message)
}

export function forbidden(message: string) {
  return apiError(403, message)
}

export function payloadTooLarge(message: string) {
  return apiError(413, message)
}
