import { z } from 'zod'
import { RETENTION_DAYS } from '#shared/types/retention'

const days = () => z.number().int('days must be a whole number').min(RETENTION_DAYS.min, `days must be at least ${RETENTION_DAYS.min}`).max(RETENTION_DAYS.max, `days must be at most ${RETENTION_DAYS.max}`)

/** PUT …/projects/[project_id]/retention: `{days: 1..3650}` sets the policy, `{days: null}` turns it off. */
export const RetentionBody = z.strictObject({ days: days().nullable() })

/** GET …/retention/preview?days=N */
export const RetentionPreviewQuery = z.object({ days: z.string().regex(/^\d{1,4}$/, 'days must be a whole number').transform(Number).pipe(days()) })
