import { z } from 'zod'
import { isCleanText } from '#server/utils/text'

/**
 * Every string a schema accepts starts here: a NUL byte or a lone surrogate is badRequest's 400,
 * not a database error (500) later.
 */
export const text = () => z.string().refine(isCleanText, { message: 'Must not contain NUL bytes or unpaired surrogates' })
