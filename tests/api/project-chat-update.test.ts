import { describe, expect, it } from 'vitest'
import { request, signUp, statementsOf, type TestUser } from '../helpers/client'
import { createChat, createProject } from '../helpers/fixtures'

// PATCH …/projects/[project_id]/chats/[chat_id] (rename, keep) and the list's and count's kept filter.

const chatPath = (user: TestUser, projectId: number | string, chatId: number | string) => `/api/users/${user.id}/projects/${projectId}/chats/${chatId}`
const listPath = (user: TestUser, projectId: number, query = '') => `/api/users/${user.id}/projects/${projectId}/chats${query}`
const issue = (message: RegExp | string) => ({ statusCode: 400, statusMessage: 'Bad Request', data: { issues: [expect.objectContaining({ message: typeof message === 'string' ? message : expect.stringMatching(message) })] } })

describe('PATCH /api/users/[user_id]/projects/[project_id]/chats/[chat_id]', () => {
  it('200 {chat}: renames, keeps and unkeeps in 1 statement; the list shows kept last in each row', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const chat = await createChat(user, project.id, 'Old name')
    expect(chat.kept).toBe(false)

    const renamed = await user.call('PATCH', chatPath(user, project.id, chat.id), { json: { name: '  New name  ' } })
    expect(renamed.status).toBe(200)
    expect(statementsOf(renamed)).toBe(1)
    expect(renamed.body.chat).toEqual({ ...chat, name: 'New name', updated_at: expect.any(String) })
    expect(Date.parse(renamed.body.chat.updated_at)).toBeGreaterThanOrEqual(Date.parse(chat.updated_at))

    const kept = await user.call('PATCH', chatPath(user, project.id, chat.id), { json: { kept: true } })
    expect(kept.status).toBe(200)
    expect(kept.body.chat).toMatchObject({ id: chat.id, uuid: chat.uuid, name: 'New name', kept: true })

    const list = await user.call('GET', listPath(user, project.id))
    expect(Object.keys(list.body.chats[0])).toEqual(['id', 'neptun_user_id', 'model', 'name', 'created_at', 'updated_at', 'kept'])
    expect(list.body.chats[0]).toMatchObject({ id: chat.id, name: 'New name', kept: true })

    const both = await user.call('PATCH', chatPath(user, project.id, chat.id), { json: { name: 'Both', kept: false } })
    expect(both.body.chat).toMatchObject({ name: 'Both', kept: false })
  })

  it('400 for an empty body, unknown fields, a blank or long name, a non-boolean kept; nothing changes', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const chat = await createChat(user, project.id, 'Stays')
    const cases: [unknown, RegExp | string][] = [
      [{}, 'Give name, kept or both'],
      [{ name: '   ' }, /Name is required/],
      [{ name: 'x'.repeat(201) }, /at most 200/],
      [{ kept: 'yes' }, /kept/],
      [{ kept: true, model: 'other' }, /model|Unrecognized/i],
    ]
    for (const [json, message] of cases) {
      const response = await user.call('PATCH', chatPath(user, project.id, chat.id), { json })
      expect(response.status, JSON.stringify(json)).toBe(400)
      expect(response.body).toMatchObject(issue(message))
    }
    expect((await user.call('PATCH', chatPath(user, project.id, chat.id), { raw: '{' })).status).toBe(400)
    expect((await user.call('PATCH', chatPath(user, 'abc', chat.id), { json: { kept: true } })).status).toBe(400)
    const list = await user.call('GET', listPath(user, project.id))
    expect(list.body.chats).toEqual([{ id: chat.id, neptun_user_id: user.id, model: chat.model, name: 'Stays', created_at: chat.created_at, updated_at: chat.updated_at, kept: false }])
  })

  it('404 for a chat of another project, a missing chat, another user\'s project or chat; 401 without a session', async () => {
    const [owner, intruder] = await Promise.all([signUp(), signUp()])
    const project = await createProject(owner)
    const other = await createProject(owner, 'Other')
    const chat = await createChat(owner, project.id, 'Mine')
    const elsewhere = await createChat(owner, other.id, 'Elsewhere')

    const wrongProject = await owner.call('PATCH', chatPath(owner, project.id, elsewhere.id), { json: { kept: true } })
    expect(wrongProject.status).toBe(404)
    expect(wrongProject.body).toMatchObject({ message: 'Chat not found' })
    expect((await owner.call('PATCH', chatPath(owner, project.id, 2_147_483_647), { json: { kept: true } })).body).toMatchObject({ message: 'Chat not found' })
    expect((await owner.call('PATCH', chatPath(owner, 2_147_483_647, chat.id), { json: { kept: true } })).body).toMatchObject({ message: 'Project not found' })

    const intruderProject = await createProject(intruder)
    const foreign = await intruder.call('PATCH', chatPath(intruder, project.id, chat.id), { json: { name: 'Hacked' } })
    expect(foreign.status).toBe(404)
    expect(foreign.body).toMatchObject({ message: 'Project not found' })
    const linkedElsewhere = await intruder.call('PATCH', chatPath(intruder, intruderProject.id, chat.id), { json: { name: 'Hacked' } })
    expect(linkedElsewhere.status).toBe(404)
    expect(linkedElsewhere.body).toMatchObject({ message: 'Chat not found' })
    expect((await request('PATCH', chatPath(owner, project.id, chat.id), { json: { name: 'Anonymous' } })).status).toBe(401)
    expect((await intruder.call('PATCH', chatPath(owner, project.id, chat.id), { json: { name: 'Other path' } })).status).toBe(401)

    const list = await owner.call('GET', listPath(owner, project.id))
    expect(list.body.chats.map((c: { name: string, kept: boolean }) => [c.name, c.kept])).toEqual([['Mine', false]])
  })
})

describe('kept filter of the list and the count', () => {
  it('kept=true lists only kept chats, kept=false the others, pages carry it, count answers {count, kept}', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const chats = []
    for (let i = 0; i < 5; i++) chats.push(await createChat(user, project.id, `chat ${i}`))
    for (const chat of [chats[1]!, chats[3]!, chats[4]!]) {
      expect((await user.call('PATCH', chatPath(user, project.id, chat.id), { json: { kept: true } })).status).toBe(200)
    }
    const namesOf = (body: { chats: { name: string }[] }) => body.chats.map(chat => chat.name)
    expect(namesOf((await user.call('GET', listPath(user, project.id, '?kept=true&order_by=id:asc'))).body)).toEqual(['chat 1', 'chat 3', 'chat 4'])
    expect(namesOf((await user.call('GET', listPath(user, project.id, '?kept=false&order_by=id:asc'))).body)).toEqual(['chat 0', 'chat 2'])

    const first = await user.call('GET', listPath(user, project.id, '?kept=true&order_by=id:asc&limit=2'))
    expect(namesOf(first.body)).toEqual(['chat 1', 'chat 3'])
    const second = await user.call('GET', listPath(user, project.id, `?cursor=${encodeURIComponent(first.body.next_cursor)}`))
    expect(namesOf(second.body)).toEqual(['chat 4'])
    expect(second.body.next_cursor).toBeNull()
    const contradicting = await user.call('GET', listPath(user, project.id, `?kept=false&cursor=${encodeURIComponent(first.body.next_cursor)}`))
    expect(contradicting.status).toBe(400)
    expect(contradicting.body).toMatchObject(issue('Invalid cursor: it continues another kept'))

    expect((await user.call('GET', listPath(user, project.id, '/count'))).body).toEqual({ count: 5, kept: 3 })
    expect((await user.call('GET', listPath(user, project.id, '/count?kept=false'))).body).toEqual({ count: 2, kept: 0 })
    expect((await user.call('GET', listPath(user, project.id, '/count?kept=true&q=3'))).body).toEqual({ count: 1, kept: 1 })
    for (const bad of ['?kept=yes', '?kept=1', '?kept=true&kept=false']) {
      const response = await user.call('GET', listPath(user, project.id, bad))
      expect(response.status, bad).toBe(400)
      expect((await user.call('GET', listPath(user, project.id, `/count${bad}`))).status, bad).toBe(400)
    }
  })
})
