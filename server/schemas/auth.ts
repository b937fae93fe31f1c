import { z } from 'zod'

// Emails are stored lower-cased, so sign-in is case-insensitive.
const email = z.string().trim().toLowerCase().pipe(z.email({ message: 'Enter a valid email address' })).pipe(z.string().max(254))

export const RegisterBody = z.object({
  email,
  password: z.string().min(8, 'Password must be at least 8 characters').max(128, 'Password must be at most 128 characters'),
})

export const LoginBody = z.object({
  email,
  password: z.string().min(1, 'Enter your password').max(128),
})
