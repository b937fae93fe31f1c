import { z } from 'zod'

export const CreateApiKeyBody = z.object({
  name: z.string().trim().min(1, 'Name is required').max(100, 'Name must be at most 100 characters'),
})
