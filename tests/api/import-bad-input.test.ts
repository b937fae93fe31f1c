import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningServer } from '../../scripts/built-server'
import { signUp, type TestUser } from '../helpers/client'
import { createProject } from '../helpers/fixtures'
import { startOwnServer } from '../helpers/own-server'
import { buildZip, exportedChat, importPath, manifest, postChunked, postImport, zipOfChats, type ZipFileSpec } from '../helpers/import'

// Bad imports: a 400 in the error body's shape naming the file and the field, and nothing written —
// not even the good chats of the same ZIP.

const MIB = 1024 * 1024

async function importInto(build: (user: TestUser) => { bytes: Buffer | string, type?: string } | Promise<{ bytes: Buffer | string, type?: string }>) {
  const user = await signUp()
  const project = await createProject(user)
  const { bytes, type } = await build(user)
  const response = await postImport(user, importPath(user, project.id), bytes, type)
  const chats = (await user.call('GET', `/api/users/${user.id}/projects/${project.id}/chats`)).body.chats
  expect(chats).toEqual([])
  return response
}

function expect400(response: { status: number, body: any }, message: string | RegExp, path?: (string | number)[]) { // eslint-disable-line @typescript-eslint/no-explicit-any
  expect(response.status).toBe(400)
  expect(response.body).toMatchObject({ statusCode: 400, statusMessage: 'Bad Request' })
  if (typeof message === 'string') expect(response.body.message).toBe(message)
  else expect(response.body.message).toMatch(message)
  expect(response.body.data.issues[0].message).toBe(response.body.message)
  if (path) expect(response.body.data.issues[0].path).toEqual(path)
}

const json = (value: unknown) => ({ bytes: JSON.stringify(value), type: 'application/json' })

describe('one chat\'s JSON: each rule names its field', () => {
  it('format and format_version', async () => {
    expect400(await importInto(() => json({ ...exportedChat(), format: 'other' })), 'body: format: must be "neptun-chats-export"', ['body', 'format'])
    expect400(await importInto(() => json({ ...exportedChat(), format_version: 2 })), 'body: format_version: must be 1 (the version this server reads)', ['body', 'format_version'])
    expect400(await importInto(() => json([1, 2])), 'body: must be a JSON object')
    expect400(await importInto(() => ({ bytes: '{"format":', type: 'application/json' })), 'body: is not valid JSON')
    expect400(await importInto(() => ({ bytes: Buffer.from([0x7B, 0xFF, 0x7D]), type: 'application/json' })), 'body: is not UTF-8 text')
  })

  it('missing fields and wrong types', async () => {
    const { name: _, ...nameless } = exportedChat().chat
    expect400(await importInto(() => json({ ...exportedChat(), chat: nameless })), 'body: chat.name: is missing (expected string)', ['body', 'chat', 'name'])
    const { messages: __, ...noMessages } = exportedChat()
    expect400(await importInto(() => json(noMessages)), 'body: messages: is missing (expected array)', ['body', 'messages'])
    expect400(await importInto(() => json({ ...exportedChat(), chat: { ...exportedChat().chat, kept: 'yes' } })), /^body: chat\.kept: /, ['body', 'chat', 'kept'])
    expect400(await importInto(() => json(exportedChat({ messages: [{ actor: 'robot', message: 'x' }] }))), /^body: messages\.0\.actor: /, ['body', 'messages', 0, 'actor'])
    expect400(await importInto(() => json({ ...exportedChat(), chat: { ...exportedChat().chat, created_at: '2020-02-30T00:00:00Z' } })), /^body: chat\.created_at: must be an ISO-8601 time/)
    expect400(await importInto(() => json({ ...exportedChat(), chat: { ...exportedChat().chat, uuid: 'nope' } })), 'body: chat.uuid: must be a UUID')
    expect400(await importInto(() => json({ ...exportedChat(), chat: { ...exportedChat().chat, name: '   ' } })), 'body: chat.name: Name is required')
  })

  it('the message rules of every other route: size, empty, the text rule (NUL, lone surrogate)', async () => {
    expect400(await importInto(() => json(exportedChat({ messages: [{ actor: 'user', message: 'ok' }, { actor: 'user', message: 'x'.repeat(100_001) }] }))),
      'body: messages.1.message: Message must be at most 100000 characters', ['body', 'messages', 1, 'message'])
    expect400(await importInto(() => json(exportedChat({ messages: [{ actor: 'user', message: '' }] }))), 'body: messages.0.message: Message is required')
    expect400(await importInto(() => json(exportedChat({ messages: [{ actor: 'user', message: 'a\u0000b' }] }))),
      'body: messages.0.message: Must not contain NUL bytes or unpaired surrogates', ['body', 'messages', 0, 'message'])
    expect400(await importInto(() => ({ bytes: JSON.stringify(exportedChat({ name: 'x' })).replace('"name":"x"', '"name":"\\ud800"'), type: 'application/json' })),
      'body: chat.name: Must not contain NUL bytes or unpaired surrogates')
  })
})

describe('a ZIP: the file and the field, all or nothing', () => {
  it('one bad chat among good ones: 400 naming its file and field, none of them imported', async () => {
    const bad = exportedChat({ messages: [{ actor: 'user', message: 'x'.repeat(100_001) }] })
    const response = await importInto(async () => ({ bytes: await zipOfChats([exportedChat(), exportedChat(), bad, exportedChat()]) }))
    expect400(response, `chats/${bad.chat.uuid}.json: messages.0.message: Message must be at most 100000 characters`, [`chats/${bad.chat.uuid}.json`, 'messages', 0, 'message'])
  })

  it('the manifest: missing, another version, counts that do not match', async () => {
    const chat = exportedChat()
    const files: ZipFileSpec[] = [{ name: `chats/${chat.chat.uuid}.json`, content: JSON.stringify(chat) }]
    expect400(await importInto(async () => ({ bytes: await buildZip(files) })), 'manifest.json: is missing (an export\'s ZIP always has one)')
    expect400(await importInto(async () => ({ bytes: await buildZip([...files, { name: 'manifest.json', content: JSON.stringify({ ...manifest(1, 1), format_version: 3 }) }]) })),
      'manifest.json: format_version: must be 1 (the version this server reads)')
    expect400(await importInto(async () => ({ bytes: await buildZip([...files, { name: 'manifest.json', content: JSON.stringify(manifest(2, 1)) }]) })),
      'manifest.json: counts: counts say 2 chats and 1 messages, the ZIP holds 1 and 1')
  })

  it('files an export does not hold, the same chat twice, the same name twice', async () => {
    expect400(await importInto(async () => ({ bytes: await zipOfChats([exportedChat()], [{ name: 'notes.txt', content: 'hi' }]) })), /^notes\.txt: is not a file of an export/)
    const chat = exportedChat()
    const twice = await buildZip([
      { name: `chats/${chat.chat.uuid}.json`, content: JSON.stringify(chat) },
      { name: 'chats/copy.json', content: JSON.stringify(chat) },
      { name: 'manifest.json', content: JSON.stringify(manifest(2, 2)) },
    ])
    expect400(await importInto(() => ({ bytes: twice })), `chats/copy.json: chat.uuid: the ZIP holds this chat twice (also chats/${chat.chat.uuid}.json)`)
    const sameName = await buildZip([{ name: 'manifest.json', content: JSON.stringify(manifest(0, 0)) }, { name: 'manifest.json', content: JSON.stringify(manifest(0, 0)) }])
    expect400(await importInto(() => ({ bytes: sameName })), 'manifest.json: the ZIP holds two files of this name')
  })

  it('not a ZIP, a damaged deflate stream, a CRC that does not match', async () => {
    expect400(await importInto(() => ({ bytes: 'plainly not a zip' })), /^The body is not a ZIP file \(/)
    expect400(await importInto(() => ({ bytes: Buffer.alloc(0) })), /^The body is not a ZIP file \(/)
    const chat = exportedChat()
    const name = `chats/${chat.chat.uuid}.json`
    const wrongCrc = await buildZip([{ name, content: JSON.stringify(chat), crc: 12345 }, { name: 'manifest.json', content: JSON.stringify(manifest(1, 1)) }])
    expect400(await importInto(() => ({ bytes: wrongCrc })), `${name}: cannot be read (its CRC-32 does not match)`, [name])
    const broken = await buildZip([{ name, content: JSON.stringify(chat) }, { name: 'manifest.json', content: JSON.stringify(manifest(1, 1)) }])
    broken.fill(0xFF, 30 + name.length, 30 + name.length + 8)
    expect400(await importInto(() => ({ bytes: broken })), new RegExp(`^${name.replace('.', '\\.')}: cannot be read \\(`), [name])
  })
})

// The limits, on a server of its own with small ones (IMPORT_MAX_*), so a bomb costs little to send.
describe('the limits: body size, file count, unpacked size (ZIP bombs)', () => {
  const LIMITS = { IMPORT_MAX_BYTES: String(MIB), IMPORT_MAX_UNCOMPRESSED_BYTES: String(4 * MIB), IMPORT_MAX_FILES: '50' }
  let server: RunningServer
  beforeAll(async () => {
    server = await startOwnServer(LIMITS)
  })
  afterAll(() => server?.stop())

  async function importThere(bytes: Buffer) {
    const user = await signUp({ server: server.baseURL })
    const project = await createProject(user)
    const response = await postImport(user, importPath(user, project.id), bytes, 'application/zip', server.baseURL)
    expect((await user.call('GET', `/api/users/${user.id}/projects/${project.id}/chats`)).body.chats).toEqual([])
    return { response, user, project }
  }

  it('a body over IMPORT_MAX_BYTES is a 413: by its Content-Length at once, chunked as it streams', async () => {
    const declared = await importThere(Buffer.alloc(MIB + 1))
    expect(declared.response.status).toBe(413)
    expect(declared.response.body).toEqual({ statusCode: 413, statusMessage: 'Payload Too Large', message: `Request body is larger than ${MIB} bytes` })
    const { user, project } = declared
    const chunked = await postChunked(user, importPath(user, project.id), 16 * MIB, server.baseURL)
    expect(chunked.status).toBe(413)
    // Other routes keep their 1 MiB.
    expect((await user.call('POST', `/api/users/${user.id}/projects`, { raw: ' '.repeat(MIB + 1) })).status).toBe(413)
  })

  it('more than IMPORT_MAX_FILES files: 400 before any is read', async () => {
    const zip = await buildZip(Array.from({ length: 51 }, (_, i) => ({ name: `chats/${i}.md`, content: '', store: true })))
    expect400((await importThere(zip)).response, 'The ZIP holds 51 files; an import takes at most 50')
  })

  it('a file that says it unpacks past IMPORT_MAX_UNCOMPRESSED_BYTES: 400 naming it', async () => {
    const bomb = await buildZip([{ name: 'chats/bomb.json', content: Buffer.alloc(5 * MIB, 0x20) }])
    expect400((await importThere(bomb)).response, `chats/bomb.json: the ZIP unpacks to more than ${4 * MIB} bytes (IMPORT_MAX_UNCOMPRESSED_BYTES)`, ['chats/bomb.json'])
  })

  it('sizes are counted as the files inflate: the sum past the cap stops at the file that crosses it, a lie stops at once', async () => {
    // Three chats, each valid JSON padded to 1.5 MiB with spaces (so 4.5 MiB in all).
    const chats = [exportedChat(), exportedChat(), exportedChat()]
    const padded = (chat: object) => Buffer.concat([Buffer.from(JSON.stringify(chat)), Buffer.alloc(1.5 * MIB, 0x20)])
    const honest = await buildZip(chats.map(chat => ({ name: `chats/${chat.chat.uuid}.json`, content: padded(chat) })))
    expect400((await importThere(honest)).response, `chats/${chats[2]!.chat.uuid}.json: the ZIP unpacks to more than ${4 * MIB} bytes (IMPORT_MAX_UNCOMPRESSED_BYTES)`)
    // Each says 1 KiB: the first is refused as it inflates past what it said.
    const lying = await buildZip(chats.map(chat => ({ name: `chats/${chat.chat.uuid}.json`, content: padded(chat), declaredSize: 1024 })))
    expect400((await importThere(lying)).response, new RegExp(`^chats/${chats[0]!.chat.uuid}\\.json: cannot be read \\(`))
    // One that says it is small and is a bomb: refused by the count, whatever it says.
    const bomb = await buildZip([{ name: 'chats/bomb.json', content: Buffer.alloc(64 * MIB, 0x20), declaredSize: 0 }])
    expect((await importThere(bomb)).response.status).toBe(400)
  })

  it('under the limits the same server imports', async () => {
    const { user, project } = await importThere(await zipOfChats([]))
    const response = await postImport(user, importPath(user, project.id), await zipOfChats([exportedChat()]), 'application/zip', server.baseURL)
    expect(response.status).toBe(201)
  })
})
