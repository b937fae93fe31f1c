import { z } from 'zod'
import { UUID_PATTERN } from '#shared/utils/uuid'

/** A path UUID, checked before it gets near SQL (a cast error would be a 500), lower-cased; else the 400 `Invalid <name>`. */
export const uuidParam = (name: string) => z.string(`Invalid ${name}`)
  .regex(UUID_PATTERN, `Invalid ${name}`)
  .transform(raw => raw.toLowerCase())
