import type { Db, Tx } from '#server/database/client'
import { ownerId, type Owner } from '#server/database/queries/session-scope'
import type { ImportResult } from '#shared/types/import'
import { finishImport, insertImportChunk, type ChunkChat, type ChunkMessage } from './queries'
import type { ImportedChat } from './schema'

// Writing an import: one transaction for the whole input (all or nothing: the limits bound it), its
// chats and messages in chunks, each one statement of bounded size, so no statement nears the
// statement timeout whatever the input holds. A chat with more messages than a chunk takes spans
// several; its messages keep their order (ids only grow). Then the chats' exported updated_at is
// put back and `chat.created` queued, per chunk of chats.

/** A chunk closes at whichever comes first. */
const CHUNK = { chats: 500, messages: 1000, textBytes: 4 * 1024 * 1024 }
const FINISH_CHATS = 1000

class ProjectGone extends Error {}

/** undefined: the project is not the owner's (or the session ended) — nothing was written. */
export async function writeImport(db: Db, owner: Owner, projectId: number, chats: AsyncIterable<ImportedChat>): Promise<ImportResult | undefined> {
  try {
    return await db.transaction(tx => new ChunkWriter(tx, owner, projectId).writeAll(chats))
  }
  catch (error) {
    if (error instanceof ProjectGone) return undefined
    throw error
  }
}

class ChunkWriter {
  private chats: ChunkChat[] = []
  private sources: ImportedChat['chat'][] = []
  private messages: ChunkMessage[] = []
  private textBytes = 0
  private readonly written: { id: number, uuid: string, source_uuid: string, updated_at: string }[] = []
  private messageCount = 0

  constructor(private readonly tx: Tx, private readonly owner: Owner, private readonly projectId: number) {}

  async writeAll(input: AsyncIterable<ImportedChat>): Promise<ImportResult> {
    for await (const chat of input) await this.add(chat)
    await this.flush()
    // An input without chats still answers for the owner's project (the route checked it before the body).
    if (this.written.length === 0) await this.insert([], [])
    for (let i = 0; i < this.written.length; i += FINISH_CHATS) {
      await finishImport(this.tx, ownerId(this.owner), this.written.slice(i, i + FINISH_CHATS))
    }
    return {
      counts: { chats: this.written.length, messages: this.messageCount },
      chats: this.written.map(({ id, uuid, source_uuid }) => ({ id, uuid, source_uuid })),
    }
  }

  private async add({ chat, messages }: ImportedChat): Promise<void> {
    if (this.chats.length >= CHUNK.chats) await this.flush()
    const ord = this.chats.length
    this.chats.push({ ord, name: chat.name, model: chat.model, kept: chat.kept, created_at: chat.created_at, updated_at: chat.updated_at })
    this.sources.push(chat)
    let ref: { chat: number, chat_id: null } | { chat: null, chat_id: number } = { chat: ord, chat_id: null }
    for (const message of messages) {
      const bytes = Buffer.byteLength(message.message)
      if (this.messages.length >= CHUNK.messages || (this.messages.length > 0 && this.textBytes + bytes > CHUNK.textBytes)) {
        const ids = await this.flush()
        if (ref.chat !== null) ref = { chat: null, chat_id: ids[ref.chat]! }
      }
      this.messages.push({ n: this.messages.length, ...ref, actor: message.actor, message: message.message, created_at: message.created_at, updated_at: message.updated_at })
      this.textBytes += bytes
    }
    this.messageCount += messages.length
  }

  /** Writes the chunk; the new ids of its chats, by their place in it. */
  private async flush(): Promise<number[]> {
    if (this.chats.length === 0 && this.messages.length === 0) return []
    const { chats } = await this.insert(this.chats, this.messages)
    const ids: number[] = []
    for (const created of chats) {
      const source = this.sources[created.ord]!
      ids[created.ord] = created.id
      this.written.push({ id: created.id, uuid: created.uuid, source_uuid: source.uuid, updated_at: source.updated_at })
    }
    this.chats = []
    this.sources = []
    this.messages = []
    this.textBytes = 0
    return ids
  }

  private async insert(chats: ChunkChat[], messages: ChunkMessage[]) {
    const result = await insertImportChunk(this.tx, this.owner, this.projectId, chats, messages)
    if (!result.projectFound) throw new ProjectGone()
    return result
  }
}
