import type { z } from 'zod'
import type { ValidationIssue } from '#server/utils/errors'

// What is wrong with an import's input: the route answers it as badRequest's 400. Each issue names
// the file first (`chats/<uuid>.json: messages.3.message: Message must be at most 100000 characters`),
// and its path is [file, ...the field's path in that file].

export class ImportInputError extends Error {
  constructor(readonly issues: ValidationIssue[]) {
    super(issues[0]?.message ?? 'Bad import')
    this.name = 'ImportInputError'
  }
}

/** At most this many issues of one file are listed. */
const MAX_ISSUES = 20

export function fileIssue(file: string, code: string, message: string, path: (string | number)[] = []): ValidationIssue {
  return { code, message: path.length ? `${file}: ${path.join('.')}: ${message}` : `${file}: ${message}`, path: [file, ...path] }
}

export function fileError(file: string, code: string, message: string, path: (string | number)[] = []): ImportInputError {
  return new ImportInputError([fileIssue(file, code, message, path)])
}

export function zodFileError(file: string, error: z.ZodError): ImportInputError {
  return new ImportInputError(error.issues.slice(0, MAX_ISSUES).map(issue =>
    fileIssue(file, issue.code, messageOf(issue), issue.path.filter((key): key is string | number => typeof key !== 'symbol'))))
}

/** zod says "Invalid input: expected string, received undefined" for a field that is not there. */
function messageOf(issue: z.core.$ZodIssue): string {
  return issue.code === 'invalid_type' && /received undefined$/.test(issue.message) ? `is missing (expected ${issue.expected})` : issue.message
}
