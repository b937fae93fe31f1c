import { describe, expect, it } from 'vitest'
import { request, signUp, type TestUser } from '../helpers/client'
import { addMessages, createChat, createProject, type Chat } from '../helpers/fixtures'

const NO_ACCESS = { statusCode: 401, statusMessage: 'Unauthorized', message: 'You do not have access to view the information.' }
const PROJECT_NOT_FOUND = { statusCode: 404, statusMessage: 'Not Found', message: 'Project not found' }
const BAD_IDS = ['-1', '0', '1.5', '1e3', '99999999999', 'abc', '%20']

const listPath = (user: TestUser, projectId: number | string, query = '') => `/api/users/${user.id}/projects/${projectId}/chats${query}`
const listed = ({ uuid: _uuid, ...chat }: Chat) => chat
const ids = (chats: { id: number }[]) => chats.map(chat => chat.id)

/** A project with chats whose names, models and update times differ (updated_at moves with messages). */
async function projectWithChats(user: TestUser) {
  const project = await createProject(user)
  const bravo = await createChat(user, project.id, 'bravo', 'model-c')
  const alpha = await createChat(user, project.id, 'alpha', 'model-b')
  const charlie = await createChat(user, project.id, 'charlie', 'model-a')
  await addMessages(user, alpha.id, ['user']) // alpha becomes the most recently updated
  return { project, bravo, alpha, charlie }
}

describe('GET /api/users/[user_id]/projects/[project_id]/chats', () => {
  it('200 {chats} with the seed fields (then kept), only this project\'s chats, newest update first by default', async () => {
    const user = await signUp()
    const { project, bravo, alpha, charlie } = await projectWithChats(user)
    const other = await createProject(user, 'Other')
    await createChat(user, other.id, 'elsewhere')
    const response = await user.call('GET', listPath(user, project.id))
    expect(response.status).toBe(200)
    expect(Object.keys(response.body)).toEqual(['chats'])
    expect(ids(response.body.chats)).toEqual([alpha.id, charlie.id, bravo.id])
    const [first] = response.body.chats
    expect(Object.keys(first).sort()).toEqual(['created_at', 'id', 'kept', 'model', 'name', 'neptun_user_id', 'updated_at'])
    expect(first).toMatchObject({ ...listed(alpha), updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) })
    expect(first.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    expect(response.body.chats[1]).toEqual(listed(charlie))
  })

  it('200 {chats: []} for an owned project without chats', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const response = await user.call('GET', listPath(user, project.id))
    expect(response.status).toBe(200)
    expect(response.body).toEqual({ chats: [] })
  })

  it.each([
    ['id:asc', ['bravo', 'alpha', 'charlie']],
    ['id:desc', ['charlie', 'alpha', 'bravo']],
    ['name:asc', ['alpha', 'bravo', 'charlie']],
    ['name:desc', ['charlie', 'bravo', 'alpha']],
    ['model:asc', ['charlie', 'alpha', 'bravo']],
    ['model:desc', ['bravo', 'alpha', 'charlie']],
    ['created_at:asc', ['bravo', 'alpha', 'charlie']],
    ['created_at:desc', ['charlie', 'alpha', 'bravo']],
    ['updated_at:asc', ['bravo', 'charlie', 'alpha']],
    ['updated_at:desc', ['alpha', 'charlie', 'bravo']],
    [' name : desc ', ['charlie', 'bravo', 'alpha']],
  ])('order_by=%s sorts by that column', async (orderBy, names) => {
    const user = await signUp()
    const { project } = await projectWithChats(user)
    const response = await user.call('GET', listPath(user, project.id, `?order_by=${encodeURIComponent(orderBy)}`))
    expect(response.status).toBe(200)
    expect(response.body.chats.map((chat: Chat) => chat.name)).toEqual(names)
  })

  it('several keys: the second key orders within equal first keys, id breaks the remaining ties in the last key\'s direction', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const a1 = await createChat(user, project.id, 'same', 'model-a')
    const b1 = await createChat(user, project.id, 'same', 'model-b')
    const a2 = await createChat(user, project.id, 'same', 'model-a')
    const b2 = await createChat(user, project.id, 'same', 'model-b')
    const get = async (orderBy: string) => ids((await user.call('GET', listPath(user, project.id, `?order_by=${orderBy}`))).body.chats)
    expect(await get('model:asc,name:asc')).toEqual([a1.id, a2.id, b1.id, b2.id])
    expect(await get('model:asc,name:desc')).toEqual([a2.id, a1.id, b2.id, b1.id])
    expect(await get('model:desc,id:asc')).toEqual([b1.id, b2.id, a1.id, a2.id])
    expect(await get('name:asc')).toEqual([a1.id, b1.id, a2.id, b2.id])
    expect(await get('name:desc')).toEqual([b2.id, a2.id, b1.id, a1.id])
    // Chats created in one statement share nothing, but names and models alone never order them: id does.
    expect(await get('id:desc,name:asc')).toEqual([b2.id, a2.id, b1.id, a1.id])
  })

  it.each([
    ['an unknown column', 'password:asc', 'invalid_value', /unknown column "password"/],
    ['a column of another table', 'p.id:asc', 'invalid_value', /unknown column "p\.id"/],
    ['an unknown direction', 'name:up', 'invalid_value', /unknown direction "up"/],
    ['an upper-case direction', 'name:ASC', 'invalid_value', /unknown direction "ASC"/],
    ['a missing colon', 'name', 'invalid_format', /"name" is not "column:direction"/],
    ['a missing direction', 'name:', 'invalid_value', /unknown direction ""/],
    ['too many colons', 'name:asc:desc', 'invalid_format', /is not "column:direction"/],
    ['an empty item', 'name:asc,,id:desc', 'invalid_format', /item 2 is empty/],
    ['a trailing comma', 'name:asc,', 'invalid_format', /item 2 is empty/],
    ['an empty value', '', 'invalid_format', /item 1 is empty/],
    ['a column listed twice', 'name:asc,name:desc', 'invalid_value', /column name is listed twice/],
    ['SQL in the column', 'id;DROP TABLE chat_conversation--:asc', 'invalid_value', /unknown column/],
    ['SQL in the direction', 'id:asc;DELETE FROM chat_conversation', 'invalid_value', /unknown direction/],
    ['a subquery', '(SELECT 1):asc', 'invalid_value', /unknown column/],
    ['a quoted identifier', '"name":asc', 'invalid_value', /unknown column/],
  ])('400 naming the problem for %s', async (_case, orderBy, code, message) => {
    const user = await signUp()
    const { project } = await projectWithChats(user)
    const response = await user.call('GET', listPath(user, project.id, `?order_by=${encodeURIComponent(orderBy)}`))
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ statusCode: 400, statusMessage: 'Bad Request', data: { issues: [{ code, message: expect.stringMatching(message) }] } })
    // Nothing was run: the chats are all still there.
    expect((await user.call('GET', listPath(user, project.id))).body.chats).toHaveLength(3)
  })

  it('400 when order_by is given twice', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const response = await user.call('GET', listPath(user, project.id, '?order_by=name:asc&order_by=id:desc'))
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ statusCode: 400, statusMessage: 'Bad Request', data: { issues: [{ code: 'invalid_type', message: expect.stringMatching(/^Invalid order_by/) }] } })
  })

  it.each(BAD_IDS)('400 "Invalid project_id" for project_id %s', async (projectId) => {
    const user = await signUp()
    const response = await user.call('GET', listPath(user, projectId))
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ statusCode: 400, statusMessage: 'Bad Request', data: { issues: [{ code: 'invalid_type', message: 'Invalid project_id' }] } })
  })

  it.each(BAD_IDS)('400 "Invalid user_id" for user_id %s', async (userId) => {
    const user = await signUp()
    const project = await createProject(user)
    const response = await user.call('GET', `/api/users/${userId}/projects/${project.id}/chats`)
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ statusCode: 400, statusMessage: 'Bad Request', data: { issues: [{ code: 'invalid_type', message: 'Invalid user_id' }] } })
  })

  it('401 without a session', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const response = await request('GET', listPath(user, project.id))
    expect(response.status).toBe(401)
    expect(response.body).toMatchObject(NO_ACCESS)
  })

  it('401 for another user\'s user_id, even with that user\'s own project id', async () => {
    const owner = await signUp()
    const intruder = await signUp()
    const project = await createProject(owner)
    await createChat(owner, project.id)
    const response = await intruder.call('GET', listPath(owner, project.id))
    expect(response.status).toBe(401)
    expect(response.body).toMatchObject(NO_ACCESS)
    expect(response.text).not.toMatch(/"chats"/)
  })

  it('404 "Project not found" for another user\'s project and for a project that does not exist', async () => {
    const owner = await signUp()
    const intruder = await signUp()
    const project = await createProject(owner)
    await createChat(owner, project.id, 'secret')
    for (const projectId of [project.id, 2_147_483_647]) {
      const response = await intruder.call('GET', listPath(intruder, projectId))
      expect(response.status).toBe(404)
      expect(response.body).toMatchObject(PROJECT_NOT_FOUND)
      expect(response.text).not.toMatch(/secret/)
    }
  })

  it('404 is decided before order_by is used but after it is validated: a bad order_by on a foreign project is a 400', async () => {
    const owner = await signUp()
    const intruder = await signUp()
    const project = await createProject(owner)
    const response = await intruder.call('GET', listPath(intruder, project.id, '?order_by=nope:asc'))
    expect(response.status).toBe(400)
  })
})
