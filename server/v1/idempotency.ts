import { createHash, randomUUID } from 'node:crypto'
import type { H3Event } from 'h3'
import { claimIdempotencyKey, releaseIdempotencyKey, storeIdempotentAnswer, type StoredAnswer } from '#server/database/queries/idempotency-keys'
import { apiError, errorBody } from '#server/utils/errors'
import { requestIdOf } from '#server/utils/request-id'

// Idempotency-Key on every v1 POST and DELETE (docs/api.md, "Idempotency-Key"; docs/architecture.md),
// as Stripe does it. defineV1Route calls runIdempotent once the key, the scope and the input are
// checked: the request claims (account, Idempotency-Key) with one INSERT … ON CONFLICT that commits
// at once, runs, and stores its answer (status, body text, the headers below); a retry with the
// same key gets that answer byte for byte, with `Idempotent-Replayed: true`. The same key with
// another method, path (query included) or body → 422; while the first runs → 409. A 5xx, 409,
// 429 or 503 is not stored (the claim is released, so a retry runs again); other 4xx are.

export const IDEMPOTENCY_HEADER = 'Idempotency-Key'
export const REPLAYED_HEADER = 'Idempotent-Replayed'
export const ORIGINAL_REQUEST_HEADER = 'Original-Request-Id'

/** 1–255 printable ASCII characters (space to tilde). */
const VALID_KEY = /^[\x20-\x7E]{1,255}$/

/** The headers of an answer that are part of it, stored and replayed. */
const STORED_HEADERS = ['content-type', 'location', 'neptun-receipt-id'] as const

/** Failures a retry may fix: never stored. */
const RETRYABLE = new Set([409, 429, 503])

/** The request's Idempotency-Key; undefined when it sent none; 400 when it is not 1–255 printable characters. */
export function idempotencyKeyOf(event: H3Event): string | undefined {
  const value = event.node.req.headers[IDEMPOTENCY_HEADER.toLowerCase()]
  if (value === undefined) return undefined
  if (typeof value !== 'string' || !VALID_KEY.test(value)) {
    throw apiError(400, 'Invalid Idempotency-Key: give 1 to 255 printable ASCII characters')
  }
  return value
}

/**
 * Runs `run` once per (account, key): the first request runs it and its answer is stored; a retry
 * gets the stored answer. `run` sets the status and headers and returns the body as JSON text.
 */
export async function runIdempotent(event: H3Event, userId: number, key: string, run: () => Promise<string>): Promise<string> {
  const db = await useDb()
  const claimId = randomUUID()
  const rawBody = (await readRawBody(event, 'utf8')) ?? ''
  const request = {
    userId,
    key,
    method: event.method,
    path: event.path,
    bodyHash: createHash('sha256').update(rawBody).digest('hex'),
    claimId,
    requestId: requestIdOf(event),
  }
  // A row released between our INSERT and SELECT ('gone') is claimed again; twice gone is a 409.
  for (let attempt = 0; ; attempt++) {
    const claim = await claimIdempotencyKey(db, request)
    if (claim.kind === 'claimed') break
    if (claim.kind === 'gone') {
      if (attempt < 2) continue
      throw stillRunning(event)
    }
    if (claim.method !== request.method || claim.path !== request.path || claim.bodyHash !== request.bodyHash) {
      throw apiError(422, 'This Idempotency-Key was already used for another request (a different method, path or body)')
    }
    if (!claim.answer) throw stillRunning(event)
    return replay(event, claim.answer, claim.requestId)
  }

  let answer: StoredAnswer
  try {
    const body = await run()
    answer = { status: getResponseStatus(event), body, headers: storedHeaders(event) }
  }
  catch (error) {
    if (!isError(error) || error.statusCode >= 500 || RETRYABLE.has(error.statusCode)) {
      await releaseIdempotencyKey(db, userId, key, claimId).catch(releaseError => console.warn('[neptun] could not release an Idempotency-Key; it is taken over after its claim goes stale:', releaseError instanceof Error ? releaseError.message : releaseError))
      throw error
    }
    // A 4xx the handler answered: stored like a success, sent the way answerV1 sends it.
    setResponseStatus(event, error.statusCode, error.statusMessage)
    setResponseHeader(event, 'Content-Type', 'application/json')
    const body = JSON.stringify(errorBody(error.statusCode, error.message, error.data, error.statusMessage))
    answer = { status: error.statusCode, body, headers: storedHeaders(event) }
  }
  // The answer goes out even if storing it fails: the effect happened. The claim then goes stale
  // and a later retry runs again (docs/architecture.md, "Idempotency-Key").
  await storeIdempotentAnswer(db, userId, key, claimId, answer).catch(error => console.warn('[neptun] could not store an idempotent answer:', error instanceof Error ? error.message : error))
  return answer.body
}

function storedHeaders(event: H3Event): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const name of STORED_HEADERS) {
    const value = getResponseHeader(event, name)
    if (value !== undefined) headers[name] = String(value)
  }
  return headers
}

function replay(event: H3Event, answer: StoredAnswer, originalRequestId: string | null): string {
  setResponseStatus(event, answer.status)
  setResponseHeaders(event, answer.headers)
  setResponseHeader(event, REPLAYED_HEADER, 'true')
  if (originalRequestId) setResponseHeader(event, ORIGINAL_REQUEST_HEADER, originalRequestId)
  return answer.body
}

function stillRunning(event: H3Event) {
  setResponseHeader(event, 'Retry-After', 1)
  return apiError(409, 'A request with this Idempotency-Key is still running; retry later')
}
