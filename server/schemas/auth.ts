import { z } from 'zod'
import { text } from './text'

// Emails are stored lower-cased, so sign-in is case-insensitive.
const email = text().trim().toLowerCase().pipe(z.email({ message: 'Enter a valid email address' })).pipe(z.string().max(254))
const newPassword = text().min(8, 'Password must be at least 8 characters').max(128, 'Password must be at most 128 characters')

export const RegisterBody = z.object({
  email,
  password: newPassword,
})

export const LoginBody = z.object({
  email,
  password: text().min(1, 'Enter your password').max(128),
})

export const ChangePasswordBody = z.object({
  current_password: text().min(1, 'Enter your current password').max(128),
  new_password: newPassword,
})

/** DELETE /api/users/[user_id]: the account's current password. */
export const DeleteAccountBody = z.object({
  password: text().min(1, 'Enter your password').max(128),
})
