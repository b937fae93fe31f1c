import { describe, expect, it } from 'vitest'
import { baseURL, signUp, type TestUser } from '../helpers/client'
import { addMessages, createChat, createProject, listMessages } from '../helpers/fixtures'
import { exportedChat, postImport, zipOfChats } from '../helpers/import'
import { openLive } from '../helpers/live'
import { download, unzipText } from '../helpers/zip'

// POST /api/users/[user_id]/projects/[project_id]/import: an export's ZIP or one chat's JSON back
// into a project, all or nothing, with a 400 naming the file and field for bad input.

const projectPath = (user: TestUser, projectId: number) => `/api/users/${user.id}/projects/${projectId}`

async function chatsOf(user: TestUser, projectId: number) {
  const response = await user.call('GET', `${projectPath(user, projectId)}/chats`)
  expect(response.status).toBe(200)
  return response.body.chats as { id: number, name: string, kept: boolean, model: string, created_at: string, updated_at: string }[]
}

async function exportFiles(user: TestUser, projectId: number) {
  const response = await download(`${projectPath(user, projectId)}/export`, { cookie: user.cookie })
  expect(response.status).toBe(200)
  return { bytes: response.bytes, files: await unzipText(response.bytes) }
}

/** An export's files without what an import renews: ids, uuids, exported_at. Chats in id order. */
function comparable(files: Map<string, string>) {
  const chats = [...files].filter(([name]) => name.endsWith('.json') && name !== 'manifest.json').map(([, text]) => JSON.parse(text))
    .sort((a, b) => a.chat.id - b.chat.id)
  const markdown = new Map([...files].filter(([name]) => name.endsWith('.md')).map(([name, text]) => [name.slice(6, -3), text]))
  const { exported_at: _, ...manifestRest } = JSON.parse(files.get('manifest.json')!)
  return {
    manifest: manifestRest,
    chats: chats.map(({ chat: { id: _id, uuid, ...chat }, messages, ...rest }) => ({
      ...rest,
      chat,
      messages: messages.map(({ id: _mid, ...message }: { id: number }) => message),
      markdown: markdown.get(uuid)!.replace(uuid, '<uuid>'),
    })),
  }
}

describe('POST /api/users/[user_id]/projects/[project_id]/import', () => {
  it('export → delete → import → export round-trips a project field by field (ids, uuids and exported_at aside)', async () => {
    const user = await signUp()
    const project = await createProject(user, 'Round trip')
    const first = await createChat(user, project.id, 'Kube \\ "quotes"\nand lines ✓')
    const kept = await createChat(user, project.id, 'Kept one', 'other/model')
    await createChat(user, project.id, 'Empty')
    const long = await createChat(user, project.id, 'Many')
    await addMessages(user, first.id, [{ actor: 'system', message: 'Be brief.' }, { actor: 'user', message: 'Why \u2028 restarts?\n```sh\nkubectl\n```' }, { actor: 'assistant', message: 'OOM 日本 🚀' }])
    await addMessages(user, kept.id, ['user', 'assistant'])
    for (let i = 0; i < 3; i++) await addMessages(user, long.id, Array.from({ length: 40 }, (_, j) => (['user', 'assistant', 'system'] as const)[(i + j) % 3]))
    expect((await user.call('PATCH', `${projectPath(user, project.id)}/chats/${kept.id}`, { json: { kept: true } })).status).toBe(200)
    const before = await exportFiles(user, project.id)

    const ids = (await chatsOf(user, project.id)).map(chat => chat.id)
    expect((await user.call('DELETE', `${projectPath(user, project.id)}/chats`, { json: { chat_ids: ids } })).status).toBe(200)
    expect(await chatsOf(user, project.id)).toEqual([])

    const imported = await postImport(user, `${projectPath(user, project.id)}/import`, before.bytes)
    expect(imported.status).toBe(201)
    expect(imported.body.counts).toEqual({ chats: 4, messages: 125 })
    const sources = [...before.files.keys()].filter(name => name.endsWith('.json') && name !== 'manifest.json').map(name => name.slice(6, -5))
    expect(imported.body.chats.map((chat: { source_uuid: string }) => chat.source_uuid).sort()).toEqual(sources.sort())
    expect(imported.body.chats.every((chat: { id: number, uuid: string, source_uuid: string }) => !ids.includes(chat.id) && chat.uuid !== chat.source_uuid)).toBe(true)

    const after = await exportFiles(user, project.id)
    expect(comparable(after.files)).toEqual(comparable(before.files))
    // The list shows them as before: kept, model and times.
    const listed = await chatsOf(user, project.id)
    expect(listed.find(chat => chat.name === 'Kept one')).toMatchObject({ kept: true, model: 'other/model' })
  })

  it('one chat\'s JSON (the v1 export\'s shape): times from 2020 come back exactly, messages in order', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const chat = exportedChat({ kept: true, messages: [{ actor: 'system', message: 'first' }, { actor: 'user', message: 'second' }, { actor: 'assistant', message: 'third' }] })
    const response = await postImport(user, `${projectPath(user, project.id)}/import`, JSON.stringify(chat), 'application/json; charset=utf-8')
    expect(response.status).toBe(201)
    expect(response.body.counts).toEqual({ chats: 1, messages: 3 })
    const [created] = response.body.chats
    expect(created.source_uuid).toBe(chat.chat.uuid)
    const [row] = await chatsOf(user, project.id)
    expect(row).toMatchObject({ id: created.id, name: 'Imported', kept: true, created_at: chat.chat.created_at, updated_at: chat.chat.updated_at })
    const messages = await listMessages(user, created.id)
    expect(messages.map(m => [m.actor, m.message, m.created_at])).toEqual(chat.messages.map(m => [m.actor, m.message, m.created_at]))
    expect(messages.map(m => m.id)).toEqual([...messages.map(m => m.id)].sort((a, b) => a - b))
  })

  it('runs a constant number of statements per chunk: 1,200 chats in a handful', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const chats = Array.from({ length: 1200 }, (_, i) => exportedChat({ name: `chat ${i}`, messages: [{ actor: 'user', message: `q ${i}` }, { actor: 'assistant', message: `a ${i}` }] }))
    const zipBytes = await zipOfChats(chats)
    const response = await fetch(new URL(`${projectPath(user, project.id)}/import`, baseURL), {
      method: 'POST', headers: { 'content-type': 'application/zip', 'cookie': user.cookie }, body: new Uint8Array(zipBytes),
    })
    expect(response.status).toBe(201)
    expect((await response.json()).counts).toEqual({ chats: 1200, messages: 2400 })
    // The project check, 3 chunks (500 chats or 1,000 messages each), 2 finishing statements (1,000 chats each).
    const statements = Number(/statements=(\d+)/.exec(response.headers.get('server-timing') ?? '')![1])
    expect(statements).toBe(6)
    expect((await chatsOf(user, project.id)).length).toBe(1200)
  })

  it('the user\'s live sockets get chat.created for the imported chats', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const socket = await openLive(`/api/users/${user.id}/live`, { cookie: user.cookie })
    try {
      const response = await postImport(user, `${projectPath(user, project.id)}/import`, await zipOfChats([exportedChat({ name: 'Live one' })]))
      expect(response.status).toBe(201)
      const event = await socket.waitFor(e => e.type === 'chat.created')
      expect(event).toMatchObject({ chat: { id: response.body.chats[0].id, name: 'Live one' }, project_ids: [project.id] })
    }
    finally {
      await socket.close()
    }
  })

  it('a ZIP with a manifest and no chats imports nothing: 201 with zero counts', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const response = await postImport(user, `${projectPath(user, project.id)}/import`, await zipOfChats([]))
    expect(response.status).toBe(201)
    expect(response.body).toEqual({ counts: { chats: 0, messages: 0 }, chats: [] })
  })

  it('another user\'s project is a 404, no session a 401, a bad id a 400, another Content-Type a 415', async () => {
    const [owner, intruder] = await Promise.all([signUp(), signUp()])
    const project = await createProject(owner)
    const zip = await zipOfChats([exportedChat()])
    const foreign = await postImport(intruder, `/api/users/${intruder.id}/projects/${project.id}/import`, zip)
    expect(foreign.status).toBe(404)
    expect(foreign.body).toEqual({ statusCode: 404, statusMessage: 'Not Found', message: 'Project not found' })
    expect((await postImport(undefined, `${projectPath(owner, project.id)}/import`, zip)).status).toBe(401)
    expect((await postImport(intruder, `/api/users/${owner.id}/projects/${project.id}/import`, zip)).status).toBe(401)
    expect((await postImport(owner, `/api/users/${owner.id}/projects/abc/import`, zip)).status).toBe(400)
    const plain = await postImport(owner, `${projectPath(owner, project.id)}/import`, 'hello', 'text/plain')
    expect(plain.status).toBe(415)
    expect(plain.body).toMatchObject({ statusCode: 415, statusMessage: 'Unsupported Media Type' })
    expect(await chatsOf(owner, project.id)).toEqual([])
  })
})
