import { describe, expect, it } from 'vitest'
import { signUp, type TestUser } from '../helpers/client'
import { addMessages, createApiKey, createChat, createProject, v1 } from '../helpers/fixtures'
import { download, unzipText } from '../helpers/zip'

// The export routes: a project, a selection, one chat (ZIPs) and v1's one chat (JSON).

const projectPath = (user: TestUser, projectId: number | string) => `/api/users/${user.id}/projects/${projectId}`

async function projectWithHistory(user: TestUser) {
  const project = await createProject(user, 'Ops “history”')
  const first = await createChat(user, project.id, 'Kube \\ "quotes"\nand lines ✓')
  const second = await createChat(user, project.id, 'Second', 'other/model')
  const empty = await createChat(user, project.id, 'Empty')
  const firstMessages = await addMessages(user, first.id, [{ actor: 'system', message: 'Be brief.' }, { actor: 'user', message: 'Why \u2028 restarts?\n```sh\nkubectl\n```' }, { actor: 'assistant', message: 'OOM 日本' }])
  const secondMessages = await addMessages(user, second.id, ['user'])
  await user.call('PATCH', `${projectPath(user, project.id)}/chats/${second.id}`, { json: { kept: true } })
  return { project, first, second, empty, firstMessages, secondMessages }
}

describe('GET /api/users/[user_id]/projects/[project_id]/export', () => {
  it('200 a ZIP: a JSON and a Markdown file per chat and manifest.json with the counts', async () => {
    const user = await signUp()
    const { project, first, second, empty, firstMessages } = await projectWithHistory(user)
    const response = await download(`${projectPath(user, project.id)}/export`, { cookie: user.cookie })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/zip')
    expect(response.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="neptun-project-${project.id}-\\d{4}-\\d\\d-\\d\\d\\.zip"$`))
    expect(response.headers.get('cache-control')).toBe('no-store')
    const files = await unzipText(response.bytes)
    expect([...files.keys()].sort()).toEqual([...[first, second, empty].flatMap(chat => [`chats/${chat.uuid}.json`, `chats/${chat.uuid}.md`]), 'manifest.json'].sort())

    const manifest = JSON.parse(files.get('manifest.json')!)
    expect(manifest).toEqual({
      format: 'neptun-chats-export',
      format_version: 1,
      exported_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      scope: 'project',
      project: { id: project.id, name: 'Ops “history”' },
      counts: { chats: 3, messages: 4 },
    })
    const chat = JSON.parse(files.get(`chats/${first.uuid}.json`)!)
    expect(chat).toEqual({
      format: 'neptun-chats-export',
      format_version: 1,
      chat: { id: first.id, uuid: first.uuid, name: first.name, model: first.model, kept: false, created_at: first.created_at, updated_at: expect.any(String) },
      projects: [{ id: project.id, name: 'Ops “history”' }],
      messages: firstMessages.map(m => ({ id: m.id, actor: m.actor, message: m.message, created_at: m.created_at, updated_at: m.created_at })),
    })
    expect(JSON.parse(files.get(`chats/${second.uuid}.json`)!).chat.kept).toBe(true)
    expect(JSON.parse(files.get(`chats/${empty.uuid}.json`)!).messages).toEqual([])
    const markdown = files.get(`chats/${first.uuid}.md`)!
    expect(markdown.startsWith(`# ${first.name}\n\n- Model: ${first.model}\n`)).toBe(true)
    expect(markdown).toContain(`## Assistant · ${firstMessages[2]!.created_at}\n\nOOM 日本`)
  })

  it('takes the list\'s q and kept', async () => {
    const user = await signUp()
    const { project, second, empty } = await projectWithHistory(user)
    const kept = await unzipText((await download(`${projectPath(user, project.id)}/export?kept=true`, { cookie: user.cookie })).bytes)
    expect([...kept.keys()].filter(name => name.endsWith('.json') && name !== 'manifest.json')).toEqual([`chats/${second.uuid}.json`])
    const matching = await unzipText((await download(`${projectPath(user, project.id)}/export?q=empt`, { cookie: user.cookie })).bytes)
    expect(JSON.parse(matching.get('manifest.json')!).counts).toEqual({ chats: 1, messages: 0 })
    expect(matching.has(`chats/${empty.uuid}.md`)).toBe(true)
    expect((await download(`${projectPath(user, project.id)}/export?kept=maybe`, { cookie: user.cookie })).status).toBe(400)
  })

  it('an empty project exports a manifest alone; another user\'s project is a 404, no session a 401', async () => {
    const [owner, intruder] = await Promise.all([signUp(), signUp()])
    const project = await createProject(owner)
    const files = await unzipText((await download(`${projectPath(owner, project.id)}/export`, { cookie: owner.cookie })).bytes)
    expect([...files.keys()]).toEqual(['manifest.json'])
    expect(JSON.parse(files.get('manifest.json')!).counts).toEqual({ chats: 0, messages: 0 })
    await createChat(owner, project.id)
    const foreign = await intruder.call('GET', `${projectPath(intruder, project.id)}/export`)
    expect(foreign.status).toBe(404)
    expect(foreign.body).toMatchObject({ statusCode: 404, message: 'Project not found' })
    expect((await download(`${projectPath(owner, project.id)}/export`)).status).toBe(401)
    expect((await owner.call('GET', `${projectPath(owner, 'abc')}/export`)).status).toBe(400)
  })
})

describe('POST …/export {chat_ids} and GET …/chats/[chat_id]/export', () => {
  it('a selection: exactly those chats; an id not in the project is a 404 naming it, before any byte of ZIP', async () => {
    const user = await signUp()
    const { project, first, empty } = await projectWithHistory(user)
    const response = await download(`${projectPath(user, project.id)}/export`, { cookie: user.cookie, method: 'POST', json: { chat_ids: [empty.id, first.id] } })
    expect(response.status).toBe(200)
    const files = await unzipText(response.bytes)
    expect(JSON.parse(files.get('manifest.json')!)).toMatchObject({ scope: 'selection', counts: { chats: 2, messages: 3 } })
    expect(files.size).toBe(5)

    const elsewhere = await createChat(user, (await createProject(user)).id)
    const missing = await user.call('POST', `${projectPath(user, project.id)}/export`, { json: { chat_ids: [first.id, elsewhere.id, 2_147_483_647] } })
    expect(missing.status).toBe(404)
    expect(missing.body).toMatchObject({ message: 'Chat not found', data: { missing_chat_ids: [elsewhere.id, 2_147_483_647] } })
    for (const json of [{}, { chat_ids: [] }, { chat_ids: [0] }, { chat_ids: Array.from({ length: 1001 }, (_, i) => i + 1) }]) {
      expect((await user.call('POST', `${projectPath(user, project.id)}/export`, { json })).status).toBe(400)
    }
  })

  it('one chat: its two files and the manifest; a chat of another project is a 404', async () => {
    const user = await signUp()
    const { project, second, secondMessages } = await projectWithHistory(user)
    const response = await download(`${projectPath(user, project.id)}/chats/${second.id}/export`, { cookie: user.cookie })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-disposition')).toContain(`neptun-chat-${second.uuid}-`)
    const files = await unzipText(response.bytes)
    expect([...files.keys()].sort()).toEqual([`chats/${second.uuid}.json`, `chats/${second.uuid}.md`, 'manifest.json'])
    expect(JSON.parse(files.get(`chats/${second.uuid}.json`)!).messages.map((m: { id: number }) => m.id)).toEqual(secondMessages.map(m => m.id))
    const other = await createProject(user)
    const wrong = await user.call('GET', `${projectPath(user, other.id)}/chats/${second.id}/export`)
    expect(wrong.status).toBe(404)
    expect(wrong.body).toMatchObject({ message: 'Chat not found' })
  })
})

describe('GET /api/v1/chats/{chat_id}/export', () => {
  it('200 the chat\'s JSON, the same document as in the ZIP; 404 for another user\'s chat; 401 without a key', async () => {
    const [user, other] = await Promise.all([signUp(), signUp()])
    const { project, first } = await projectWithHistory(user)
    const { key } = await createApiKey(user)
    const { key: otherKey } = await createApiKey(other)
    const response = await v1(key, 'GET', `/chats/${first.uuid}/export`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const files = await unzipText((await download(`${projectPath(user, project.id)}/export`, { cookie: user.cookie })).bytes)
    expect(response.text).toBe(files.get(`chats/${first.uuid}.json`))
    expect((await v1(otherKey, 'GET', `/chats/${first.uuid}/export`)).status).toBe(404)
    expect((await v1(undefined, 'GET', `/chats/${first.uuid}/export`)).status).toBe(401)
    expect((await v1(key, 'GET', '/chats/not-a-uuid/export')).body).toMatchObject({ statusCode: 400, message: 'Invalid chat_id' })
    expect((await v1(key, 'POST', `/chats/${first.uuid}/export`)).status).toBe(405)
  })
})
