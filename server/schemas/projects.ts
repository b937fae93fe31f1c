import { z } from 'zod'
import { text } from './text'

const projectName = () => text().trim().min(1, 'Name is required').max(200, 'Name must be at most 200 characters')

export const CreateProjectBody = z.object({
  name: projectName(),
  description: text().max(2000, 'Description must be at most 2000 characters').nullish(),
})

/** PATCH …/projects/[project_id]: a new name, by the creation's rule; nothing else. */
export const RenameProjectBody = z.strictObject({
  name: projectName(),
})

/** A chat's name, model and a message's text: the rules every route that writes them (and the import) applies. */
export const chatName = () => text().trim().min(1, 'Name is required').max(200, 'Name must be at most 200 characters')
export const chatModel = () => text().trim().min(1, 'Model is required').max(200, 'Model must be at most 200 characters')
export const messageText = () => text().min(1, 'Message is required').max(100_000, 'Message must be at most 100000 characters')
export const messageActor = () => z.enum(['user', 'assistant', 'system'])

export const CreateChatBody = z.object({
  name: chatName(),
  model: chatModel(),
})

/** PATCH …/projects/[project_id]/chats/[chat_id]: rename, keep on or off, or both; nothing else. */
export const UpdateChatBody = z.strictObject({
  name: chatName().optional(),
  kept: z.boolean().optional(),
}).refine(body => body.name !== undefined || body.kept !== undefined, 'Give name, kept or both')

export const CreateMessagesBody = z.object({
  messages: z.array(z.object({
    actor: messageActor(),
    message: messageText(),
  })).min(1, 'Send at least one message').max(100, 'Send at most 100 messages at once'),
})

/** DELETE …/projects/[project_id]/chats: at most 1000 chat ids, each a positive 32-bit integer. */
export const DeleteChatsBody = z.object({
  chat_ids: z.array(z.number().int().min(1).max(2_147_483_647)).min(1).max(1000),
})

/** POST …/projects/[project_id]/export: the chats to export, as the batch delete takes them. */
export const ExportChatsBody = DeleteChatsBody
