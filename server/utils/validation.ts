import type { H3Event } from 'h3'
import type { z } from 'zod'
import { isUuid } from '#shared/utils/uuid'
import { uncleanTextIssue } from '#server/schemas/text'
import type { ValidationIssue } from './errors'

const POSITIVE_INT = /^[1-9]\d{0,9}$/
const MAX_INT4 = 2_147_483_647

/** A path id must be a positive 32-bit integer written plainly: no sign, no 1.5, no 1e3. */
export function parsePositiveInt(raw: string | undefined): number | undefined {
  if (raw === undefined || !POSITIVE_INT.test(raw)) return undefined
  const value = Number(raw)
  return value <= MAX_INT4 ? value : undefined
}

export function requireIdParam(event: H3Event, name: string): number {
  const value = parsePositiveInt(getRouterParam(event, name, { decode: true }))
  if (value === undefined) throw badRequest([{ code: 'invalid_type', message: `Invalid ${name}` }])
  return value
}

/** An optional positive-integer query parameter: absent → undefined, malformed → badRequest's 400. */
export function optionalIdQuery(event: H3Event, name: string): number | undefined {
  const raw = getQuery(event)[name]
  if (raw === undefined) return undefined
  const value = parsePositiveInt(typeof raw === 'string' ? raw : undefined)
  if (value === undefined) throw badRequest([{ code: 'invalid_type', message: `Invalid ${name}` }])
  return value
}

/** An optional query parameter that must be one of `values`: absent → `fallback`, anything else → 400. */
export function enumQuery<T extends string>(event: H3Event, name: string, values: readonly T[], fallback: T): T {
  const raw = getQuery(event)[name]
  if (raw === undefined) return fallback
  if (typeof raw === 'string' && (values as readonly string[]).includes(raw)) return raw as T
  throw badRequest([{ code: 'invalid_value', message: `${name}: must be one of ${values.join(', ')}`, path: [name] }])
}

function issuesOf(error: z.ZodError): ValidationIssue[] {
  return error.issues.map(issue => ({
    code: issue.code,
    message: issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    path: issue.path.filter((key): key is string | number => typeof key !== 'symbol'),
  }))
}

/**
 * Reads and validates a JSON body ourselves: h3's readBody hands malformed JSON back as a string
 * and readValidatedBody answers a generic "Validation Error". Every string in the body must pass
 * the text rule (server/schemas/text.ts) first. `invalid` replaces the default 400 where a
 * route's documented answer is another body.
 */
export async function readJsonBody<S extends z.ZodType>(event: H3Event, schema: S, invalid?: () => Error): Promise<z.output<S>> {
  const raw = await readRawBody(event, 'utf8')
  let json: unknown
  try {
    json = raw === undefined || raw === '' ? undefined : JSON.parse(raw)
  }
  catch {
    throw invalid?.() ?? badRequest([{ code: 'invalid_json', message: 'Body is not valid JSON' }])
  }
  // The text rule over the whole body, before the schema: no string field can miss it.
  const unclean = uncleanTextIssue(json)
  if (unclean) throw invalid?.() ?? badRequest([unclean])
  const result = schema.safeParse(json)
  if (!result.success) throw invalid?.() ?? badRequest(issuesOf(result.error))
  return result.data
}

/** Validates the query string with a schema; a mismatch is the 400 with the issues. */
export function readQuery<S extends z.ZodType>(event: H3Event, schema: S): z.output<S> {
  const result = schema.safeParse(getQuery(event))
  if (!result.success) throw badRequest(issuesOf(result.error))
  return result.data
}

/** A path UUID (a receipt id), lower-cased; anything else is the 400 `{statusCode, statusMessage, message: "Invalid <name>"}`. */
export function requireUuidParam(event: H3Event, name: string): string {
  const raw = getRouterParam(event, name, { decode: true })
  if (raw === undefined || !isUuid(raw)) throw apiError(400, `Invalid ${name}`)
  return raw.toLowerCase()
}
