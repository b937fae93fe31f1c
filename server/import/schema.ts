import { z } from 'zod'
import { chatModel, chatName, messageActor, messageText } from '#server/schemas/projects'
import { text } from '#server/schemas/text'
import { EXPORT_FORMAT, EXPORT_FORMAT_VERSION } from '#shared/types/export'
import { isUuid } from '#shared/utils/uuid'

// The files an import reads, as the export writes them (#shared/types/export). Names, models and
// messages obey the rules every other route applies (server/schemas/projects.ts); unknown keys are
// ignored. Ids are required (the format has them) but not used: the import makes new ones.

/** format and format_version first, on their own, so a file of another version gets that one clear issue. */
export const FormatHeader = z.object({
  format: z.unknown().refine(value => value === EXPORT_FORMAT, `must be "${EXPORT_FORMAT}"`),
  format_version: z.unknown().refine(value => value === EXPORT_FORMAT_VERSION, `must be ${EXPORT_FORMAT_VERSION} (the version this server reads)`),
})

const id = () => z.number().int().min(1)

/** An ISO-8601 time with its offset (the export writes UTC with milliseconds), sent on as UTC milliseconds. */
const time = () => z.iso.datetime({ offset: true, message: 'must be an ISO-8601 time such as 2026-01-31T12:00:00.000Z' })
  .transform(value => new Date(value))
  .refine(date => date.getUTCFullYear() >= 1 && date.getUTCFullYear() <= 9999, 'must be between the years 1 and 9999')
  .transform(date => date.toISOString())

export const ExportedChatFile = z.object({
  chat: z.object({
    id: id(),
    uuid: z.string().refine(isUuid, 'must be a UUID').transform(value => value.toLowerCase()),
    name: chatName(),
    model: chatModel(),
    kept: z.boolean(),
    created_at: time(),
    updated_at: time(),
  }),
  projects: z.array(z.object({ id: id(), name: text() })),
  messages: z.array(z.object({
    id: id(),
    actor: messageActor(),
    message: messageText(),
    created_at: time(),
    updated_at: time(),
  })),
})

export type ImportedChat = z.output<typeof ExportedChatFile>

export const ManifestFile = z.object({
  exported_at: time(),
  counts: z.object({ chats: z.number().int().min(0), messages: z.number().int().min(0) }),
})
