import { z } from 'zod'
import { text } from './text'

export const CreateApiKeyBody = z.object({
  name: text().trim().min(1, 'Name is required').max(100, 'Name must be at most 100 characters'),
})
