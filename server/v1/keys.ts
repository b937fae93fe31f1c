import { createHash, randomBytes } from 'node:crypto'

// The keys themselves: their format, how one is made, and the hash that is all the database keeps.

const KEY_PREFIX = 'nk_'
/** What the owner sees of a key to tell it apart: `nk_` and 7 of its random characters. */
const SHOWN_CHARACTERS = 10
/** `nk_` + base64url of 32 random bytes (43 characters); anything else is not a key. */
const KEY_FORMAT = /^nk_[\w-]{43}$/

export const MAX_LIVE_API_KEYS = 50

export interface NewApiKey {
  /** The secret: shown once, in the create answer, never stored. */
  key: string
  prefix: string
  keyHash: string
}

/** 256 random bits: a SHA-256 of it is as hard to reverse as the key is to guess, so no slow hash. */
export function generateApiKey(): NewApiKey {
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`
  return { key, prefix: key.slice(0, SHOWN_CHARACTERS), keyHash: hashApiKey(key) }
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex')
}

export function looksLikeApiKey(text: string): boolean {
  return KEY_FORMAT.test(text)
}
