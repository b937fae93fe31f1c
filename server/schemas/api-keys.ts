import { z } from 'zod'
import { API_KEY_EXPIRY_DAYS, API_KEY_SCOPES } from '#shared/utils/api-scopes'
import { text } from './text'

export const CreateApiKeyBody = z.object({
  name: text().trim().min(1, 'Name is required').max(100, 'Name must be at most 100 characters'),
  /** Left out: all four (what every key could do before scopes existed). */
  scopes: z.array(z.enum(API_KEY_SCOPES, `Scopes are ${API_KEY_SCOPES.join(', ')}`))
    .min(1, 'Choose at least one scope')
    .refine(scopes => new Set(scopes).size === scopes.length, 'Give each scope once')
    .default([...API_KEY_SCOPES]),
  /** Left out or null: the key never expires. */
  expires_in_days: z.union(API_KEY_EXPIRY_DAYS.map(days => z.literal(days)), `Expiry is one of ${API_KEY_EXPIRY_DAYS.join(', ')} days, or null for none`)
    .nullable().default(null),
  /** The account's password, when the session has not entered it recently (server/utils/sudo.ts). */
  password: text().min(1, 'Enter your password').max(128).optional(),
})
