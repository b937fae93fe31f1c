import { z } from 'zod'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** 8-4-4-4-12 hex digits, any case, any version: what Postgres' uuid type takes without a cast error. */
export function isUuid(text: string): boolean {
  return UUID.test(text)
}

/** A path UUID, checked before it gets near SQL (a cast error would be a 500), lower-cased; else the 400 `Invalid <name>`. */
export const uuidParam = (name: string) => z.string(`Invalid ${name}`)
  .regex(UUID, `Invalid ${name}`)
  .transform(raw => raw.toLowerCase())
  .meta({ format: 'uuid' })
