import type { z } from 'zod'
import { uncleanTextIssue } from '#server/schemas/text'
import { fileError, ImportInputError, zodFileError } from './issues'
import { ExportedChatFile, FormatHeader, ManifestFile, type ImportedChat } from './schema'
import { listZip, newBudget, type ZipEntry, type ZipLimits } from './zip'

// An import's input, checked whole before anything is written: a ZIP as the export writes it
// (manifest.json, chats/<uuid>.json, chats/<uuid>.md) or one chat's JSON. The ZIP's files are read
// twice: once to check every one (nothing kept but counts and uuids), once more, file by file, while
// the chats are written, so memory holds the body and one file at a time.

export interface ImportBody {
  kind: 'zip' | 'json'
  bytes: Buffer
}

export interface ImportPlan {
  chats: number
  messages: number
  /** The chats in the input's order, read again (and checked again) as they are written. */
  each: () => AsyncIterable<ImportedChat>
}

/** The file name a JSON body's issues carry. */
export const JSON_BODY = 'body'
const MANIFEST = 'manifest.json'
const CHAT_JSON = /^chats\/[^/]+\.json$/
const CHAT_MARKDOWN = /^chats\/[^/]+\.md$/

/** Checks every file of the input; throws an ImportInputError naming the first bad file and its fields. */
export async function readImport(body: ImportBody, limits: ZipLimits): Promise<ImportPlan> {
  if (body.kind === 'json') {
    const chat = parseFile(JSON_BODY, body.bytes, ExportedChatFile)
    return {
      chats: 1,
      messages: chat.messages.length,
      each: async function* () {
        yield chat
      },
    }
  }
  const entries = await listZip(body.bytes, limits)
  const seen = new Map<string, string>()
  let chats = 0
  let messages = 0
  let manifest: z.output<typeof ManifestFile> | undefined
  for await (const file of zipFiles(entries, limits)) {
    if (file.kind === 'manifest') {
      manifest = file.manifest
      continue
    }
    const earlier = seen.get(file.chat.chat.uuid)
    if (earlier) throw fileError(file.name, 'duplicate_chat', `the ZIP holds this chat twice (also ${earlier})`, ['chat', 'uuid'])
    seen.set(file.chat.chat.uuid, file.name)
    chats += 1
    messages += file.chat.messages.length
  }
  if (!manifest) throw fileError(MANIFEST, 'missing_file', 'is missing (an export\'s ZIP always has one)')
  if (manifest.counts.chats !== chats || manifest.counts.messages !== messages) {
    throw fileError(MANIFEST, 'count_mismatch', `counts say ${manifest.counts.chats} chats and ${manifest.counts.messages} messages, the ZIP holds ${chats} and ${messages}`, ['counts'])
  }
  return {
    chats,
    messages,
    each: async function* () {
      for await (const file of zipFiles(entries, limits)) {
        if (file.kind === 'chat') yield file.chat
      }
    },
  }
}

type ZipFile = { kind: 'manifest', name: string, manifest: z.output<typeof ManifestFile> } | { kind: 'chat', name: string, chat: ImportedChat }

/** The ZIP's manifest and chats, each parsed and checked; Markdown files and folders are skipped unread. */
async function* zipFiles(entries: ZipEntry[], limits: ZipLimits): AsyncGenerator<ZipFile> {
  const names = new Set<string>()
  const budget = newBudget(limits)
  for (const entry of entries) {
    const { name } = entry
    if (names.has(name)) throw fileError(name, 'duplicate_file', 'the ZIP holds two files of this name')
    names.add(name)
    if (name.endsWith('/') || CHAT_MARKDOWN.test(name)) continue
    if (name === MANIFEST) yield { kind: 'manifest', name, manifest: parseFile(name, await entry.read(budget), ManifestFile) }
    else if (CHAT_JSON.test(name)) yield { kind: 'chat', name, chat: parseFile(name, await entry.read(budget), ExportedChatFile) }
    else throw fileError(name, 'unexpected_file', `is not a file of an export (it holds ${MANIFEST}, chats/<uuid>.json and chats/<uuid>.md)`)
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** One file: UTF-8, JSON, the text rule over every string, the format's header, then its schema. */
function parseFile<S extends z.ZodType>(name: string, bytes: Buffer, schema: S): z.output<S> {
  let json: unknown
  try {
    json = JSON.parse(utf8.decode(bytes))
  }
  catch (error) {
    throw fileError(name, 'invalid_json', error instanceof SyntaxError ? 'is not valid JSON' : 'is not UTF-8 text')
  }
  const unclean = uncleanTextIssue(json)
  if (unclean) throw new ImportInputError([{ ...unclean, message: `${name}: ${unclean.message}`, path: [name, ...unclean.path ?? []] }])
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw fileError(name, 'invalid_type', 'must be a JSON object')
  const header = FormatHeader.safeParse(json)
  if (!header.success) throw zodFileError(name, header.error)
  const parsed = schema.safeParse(json)
  if (!parsed.success) throw zodFileError(name, parsed.error)
  return parsed.data
}
