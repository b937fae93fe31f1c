import { request as httpRequest } from 'node:http'
import { promisify } from 'node:util'
import { crc32, deflateRaw } from 'node:zlib'
import { baseURL, type TestUser } from './client'

// The import route's helpers: a POST of raw bytes, and a ZIP builder that can lie (declared sizes,
// CRCs) the way a hostile ZIP would — the export's writer only writes honest ones.

export interface ImportAnswer {
  status: number
  body: any // eslint-disable-line @typescript-eslint/no-explicit-any
}

export const importPath = (user: TestUser, projectId: number | string) => `/api/users/${user.id}/projects/${projectId}/import`

/** POSTs `bytes` to the project's import with the given Content-Type (a ZIP by default), on the run's server or `server`. */
export async function postImport(user: TestUser | undefined, path: string, bytes: Buffer | string, contentType = 'application/zip', server = baseURL): Promise<ImportAnswer> {
  const headers: Record<string, string> = { 'content-type': contentType, 'accept': 'application/json' }
  if (user) headers.cookie = user.cookie
  const response = await fetch(new URL(server).origin + path, { method: 'POST', headers, body: typeof bytes === 'string' ? bytes : new Uint8Array(bytes) })
  const text = await response.text()
  let body: unknown
  try {
    body = text ? JSON.parse(text) : undefined
  }
  catch {
    body = text
  }
  return { status: response.status, body }
}

/** A chunked POST that keeps sending until the server answers (or `total` bytes are sent). */
export function postChunked(user: TestUser, path: string, total: number, server = baseURL): Promise<ImportAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, server), { method: 'POST', headers: { 'content-type': 'application/zip', 'cookie': user.cookie } }, (res) => {
      let text = ''
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => {
        answered = true
        resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined })
      })
    })
    let answered = false
    let sent = 0
    const chunk = Buffer.alloc(64 * 1024, 0x50)
    req.on('error', error => answered ? undefined : reject(error))
    const write = () => {
      while (!answered && sent < total) {
        sent += chunk.length
        if (!req.write(chunk)) return void req.once('drain', write)
      }
      if (!answered) req.end()
    }
    write()
  })
}

export interface ZipFileSpec {
  name: string
  content: Buffer | string
  /** What the headers claim; the real size when left out. */
  declaredSize?: number
  store?: boolean
  /** A CRC-32 other than the content's. */
  crc?: number
}

const deflate = promisify(deflateRaw)

/** A ZIP (no Zip64) of these files, deflated unless `store` (off the event loop: kept-alive sockets must not idle past their timeout). */
export async function buildZip(files: readonly ZipFileSpec[]): Promise<Buffer> {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const file of files) {
    const content = typeof file.content === 'string' ? Buffer.from(file.content) : file.content
    const data = file.store ? content : await deflate(content, { level: 9 })
    const name = Buffer.from(file.name)
    const size = file.declaredSize ?? content.length
    const crc = file.crc ?? crc32(content)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034B50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(0x0800, 6)
    local.writeUInt16LE(file.store ? 0 : 8, 8)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(data.length, 18)
    local.writeUInt32LE(size, 22)
    local.writeUInt16LE(name.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014B50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0x0800, 8)
    central.writeUInt16LE(file.store ? 0 : 8, 10)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(data.length, 20)
    central.writeUInt32LE(size, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, name, data)
    centrals.push(central, name)
    offset += local.length + name.length + data.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054B50, 0)
  end.writeUInt16LE(files.length, 8)
  end.writeUInt16LE(files.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}

/** One chat as the export writes it (an ExportedChat), with its times and messages chosen by the test. */
export function exportedChat(overrides: { uuid?: string, name?: string, kept?: boolean, messages?: { actor: string, message: string, created_at?: string }[] } = {}) {
  const messages = overrides.messages ?? [{ actor: 'user', message: 'hello' }]
  return {
    format: 'neptun-chats-export',
    format_version: 1,
    chat: {
      id: 7,
      uuid: overrides.uuid ?? crypto.randomUUID(),
      name: overrides.name ?? 'Imported',
      model: 'google/gemma-2-27b-it',
      kept: overrides.kept ?? false,
      created_at: '2020-03-01T10:00:00.000Z',
      updated_at: '2020-03-02T11:30:00.250Z',
    },
    projects: [{ id: 1, name: 'Elsewhere' }],
    messages: messages.map((m, i) => ({ id: 100 + i, actor: m.actor, message: m.message, created_at: m.created_at ?? `2020-03-01T10:0${Math.min(i, 9)}:00.000Z`, updated_at: m.created_at ?? `2020-03-01T10:0${Math.min(i, 9)}:00.000Z` })),
  }
}

/** An export's manifest for `chats` chats and `messages` messages. */
export function manifest(chats: number, messages: number) {
  return { format: 'neptun-chats-export', format_version: 1, exported_at: '2020-03-03T00:00:00.000Z', scope: 'project', project: { id: 1, name: 'Elsewhere' }, counts: { chats, messages } }
}

/** A ZIP of these chats (and their manifest), as an export would hold them. */
export function zipOfChats(chats: ReturnType<typeof exportedChat>[], extra: ZipFileSpec[] = []): Promise<Buffer> {
  return buildZip([
    ...chats.flatMap(chat => [{ name: `chats/${chat.chat.uuid}.json`, content: JSON.stringify(chat) }, { name: `chats/${chat.chat.uuid}.md`, content: `# ${chat.chat.name}\n` }]),
    { name: 'manifest.json', content: JSON.stringify(manifest(chats.length, chats.reduce((sum, chat) => sum + chat.messages.length, 0))) },
    ...extra,
  ])
}
