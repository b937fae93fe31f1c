import { describe, expect, it } from 'vitest'
import { request, signUp, statementsOf, type TestUser } from '../helpers/client'
import { createChat, createProject, type Chat } from '../helpers/fixtures'

// The list's optional limit + cursor (keyset pages), q (name filter) and the count route.

const listPath = (user: TestUser, projectId: number | string, query = '') => `/api/users/${user.id}/projects/${projectId}/chats${query}`
const ids = (chats: { id: number }[]) => chats.map(chat => chat.id)
const badRequest = (message: RegExp, code = 'invalid_value') => ({ statusCode: 400, statusMessage: 'Bad Request', data: { issues: [{ code, message: expect.stringMatching(message) }] } })

/** Chats with repeated names and models, so every order has ties that only id breaks. */
async function projectWithTies(user: TestUser, count = 7) {
  const project = await createProject(user)
  const chats: Chat[] = []
  for (let i = 0; i < count; i++) chats.push(await createChat(user, project.id, ['Beta', 'alpha', 'beta', 'Alpha'][i % 4], `model-${i % 2}`))
  return { project, chats }
}

/** Follows next_cursor to the end; answers every page. */
async function allPages(user: TestUser, projectId: number, query: string, between?: (page: number) => Promise<void>) {
  const pages: { chats: Chat[], next_cursor: string | null }[] = []
  let path = listPath(user, projectId, query)
  for (;;) {
    const response = await user.call('GET', path)
    expect(response.status).toBe(200)
    expect(Object.keys(response.body)).toEqual(['chats', 'next_cursor'])
    pages.push(response.body)
    if (response.body.next_cursor === null) return pages
    expect(pages.length).toBeLessThan(100)
    await between?.(pages.length)
    path = listPath(user, projectId, `?cursor=${encodeURIComponent(response.body.next_cursor)}`)
  }
}

describe('GET …/projects/[project_id]/chats?limit&cursor', () => {
  it('pages of `limit` chats in the default order, the same chats and fields as the whole list, next_cursor null on the last page', async () => {
    const user = await signUp()
    const { project } = await projectWithTies(user, 5)
    const whole = (await user.call('GET', listPath(user, project.id))).body.chats
    const pages = await allPages(user, project.id, '?limit=2')
    expect(pages.map(page => page.chats.length)).toEqual([2, 2, 1])
    expect(pages.flatMap(page => page.chats)).toEqual(whole)
    expect(pages.at(-1)!.next_cursor).toBeNull()
    expect(typeof pages[0]!.next_cursor).toBe('string')
  })

  it('a full last page says null at once: no empty page follows', async () => {
    const user = await signUp()
    const { project } = await projectWithTies(user, 4)
    const pages = await allPages(user, project.id, '?limit=2')
    expect(pages.map(page => page.chats.length)).toEqual([2, 2])
    const exact = await user.call('GET', listPath(user, project.id, '?limit=4'))
    expect(exact.body.next_cursor).toBeNull()
  })

  it('an empty project: {chats: [], next_cursor: null}', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const response = await user.call('GET', listPath(user, project.id, '?limit=10'))
    expect(response.status).toBe(200)
    expect(response.body).toEqual({ chats: [], next_cursor: null })
  })

  it.each([
    'id:asc', 'id:desc', 'name:asc', 'name:desc', 'model:asc', 'model:desc',
    'created_at:asc', 'created_at:desc', 'updated_at:asc', 'updated_at:desc',
    'name:asc,created_at:desc', 'model:desc,name:asc', 'name:desc,id:asc', 'model:asc,updated_at:asc',
  ])('order_by=%s: the pages, put together, are the whole list in the same order', async (orderBy) => {
    const user = await signUp()
    const { project } = await projectWithTies(user)
    const query = `?order_by=${encodeURIComponent(orderBy)}`
    const whole = ids((await user.call('GET', listPath(user, project.id, query))).body.chats)
    const pages = await allPages(user, project.id, `${query}&limit=2`)
    expect(pages.flatMap(page => ids(page.chats))).toEqual(whole)
    expect(whole).toHaveLength(7)
  })

  it('chats inserted and deleted between pages: every chat that stays is listed exactly once, a deleted one never after its deletion', async () => {
    const user = await signUp()
    const { project, chats } = await projectWithTies(user, 9)
    let present = chats.map(chat => chat.id)
    for (const orderBy of ['updated_at:desc', 'name:asc', 'id:asc', 'model:desc,created_at:asc']) {
      const atStart = [...present]
      const deletedAfterPage = new Map<number, number>()
      const inserted: number[] = []
      const pages = await allPages(user, project.id, `?order_by=${orderBy}&limit=2`, async (page) => {
        const victim = present[(page * 5) % present.length]!
        expect((await user.call('DELETE', listPath(user, project.id, `/${victim}`))).status).toBe(200)
        present = present.filter(id => id !== victim)
        deletedAfterPage.set(victim, page)
        const fresh = (await createChat(user, project.id, page % 2 ? 'aaa first' : 'zzz last', `model-${page % 3}`)).id
        inserted.push(fresh)
        present.push(fresh)
      })
      const listed = pages.flatMap(page => ids(page.chats))
      expect(new Set(listed).size).toBe(listed.length)
      for (const id of atStart) if (!deletedAfterPage.has(id)) expect(listed).toContain(id)
      for (const id of listed) expect(atStart.includes(id) || inserted.includes(id)).toBe(true)
      pages.forEach((page, index) => {
        for (const id of ids(page.chats)) {
          const deletedAfter = deletedAfterPage.get(id)
          if (deletedAfter !== undefined) expect(index).toBeLessThan(deletedAfter)
        }
      })
      expect(deletedAfterPage.size).toBeGreaterThan(1)
    }
  })

  it('a cursor alone continues its listing (order, q, page size); limit with it changes the page size', async () => {
    const user = await signUp()
    const { project } = await projectWithTies(user, 8)
    const first = await user.call('GET', listPath(user, project.id, '?order_by=name:asc&q=ALPHA&limit=1'))
    const whole = ids((await user.call('GET', listPath(user, project.id, '?order_by=name:asc&q=alpha'))).body.chats)
    expect(whole).toHaveLength(4)
    const cursor = encodeURIComponent(first.body.next_cursor)
    const next = await user.call('GET', listPath(user, project.id, `?cursor=${cursor}`))
    expect(ids(next.body.chats)).toEqual(whole.slice(1, 2))
    const bigger = await user.call('GET', listPath(user, project.id, `?cursor=${cursor}&limit=10&order_by=name:asc&q=ALPHA`))
    expect(ids(bigger.body.chats)).toEqual(whole.slice(1))
    expect(bigger.body.next_cursor).toBeNull()
  })

  it('400 for a cursor given with another order_by or q than it continues', async () => {
    const user = await signUp()
    const { project } = await projectWithTies(user, 3)
    const cursor = encodeURIComponent((await user.call('GET', listPath(user, project.id, '?limit=1'))).body.next_cursor)
    const otherOrder = await user.call('GET', listPath(user, project.id, `?cursor=${cursor}&order_by=name:asc`))
    expect(otherOrder.status).toBe(400)
    expect(otherOrder.body).toMatchObject(badRequest(/^Invalid cursor: it continues another order_by/))
    const otherQ = await user.call('GET', listPath(user, project.id, `?cursor=${cursor}&q=x`))
    expect(otherQ.status).toBe(400)
    expect(otherQ.body).toMatchObject(badRequest(/^Invalid cursor: it continues another q/))
  })

  it.each(['0', '1001', '-1', '1.5', '1e2', 'abc', '', ' 5', '00'])('400 "Invalid limit" for limit=%s', async (limit) => {
    const user = await signUp()
    const project = await createProject(user)
    const response = await user.call('GET', listPath(user, project.id, `?limit=${encodeURIComponent(limit)}`))
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject(badRequest(/^Invalid limit: an integer from 1 to 1000$/))
  })

  it('limit=1000 and limit=1 are accepted', async () => {
    const user = await signUp()
    const { project } = await projectWithTies(user, 2)
    expect((await user.call('GET', listPath(user, project.id, '?limit=1000'))).body.chats).toHaveLength(2)
    expect((await user.call('GET', listPath(user, project.id, '?limit=1'))).body.chats).toHaveLength(1)
  })

  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
  it.each([
    ['not base64 JSON', 'nope!'],
    ['JSON of another shape', encode({ hello: 1 })],
    ['an unknown order', encode({ o: 'password:asc,id:asc', q: '', l: 2, k: ['x', '1'] })],
    ['too few keys', encode({ o: 'updated_at:desc,id:desc', q: '', l: 2, k: ['2024-01-01T00:00:00.000000Z'] })],
    ['a malformed timestamp', encode({ o: 'updated_at:desc,id:desc', q: '', l: 2, k: ['yesterday', '1'] })],
    ['a malformed id', encode({ o: 'updated_at:desc,id:desc', q: '', l: 2, k: ['2024-01-01T00:00:00.000000Z', '1 OR 1=1'] })],
    ['a page size out of range', encode({ o: 'updated_at:desc,id:desc', q: '', l: 5000, k: ['2024-01-01T00:00:00.000000Z', '1'] })],
  ])('400 "Invalid cursor" for %s', async (_case, cursor) => {
    const user = await signUp()
    const project = await createProject(user)
    const response = await user.call('GET', listPath(user, project.id, `?cursor=${encodeURIComponent(cursor)}`))
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject(badRequest(/^Invalid cursor: not a cursor this list gave out$/))
  })

  it.each(['limit', 'cursor', 'q'])('400 when %s is given twice', async (name) => {
    const user = await signUp()
    const project = await createProject(user)
    const response = await user.call('GET', listPath(user, project.id, `?${name}=1&${name}=2`))
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject(badRequest(new RegExp(`^Invalid ${name}: give it once$`), 'invalid_type'))
  })

  it('a page costs 1 statement (the session check is inside it); 401 and 404 as the whole list', async () => {
    const [owner, intruder] = await Promise.all([signUp(), signUp()])
    const { project } = await projectWithTies(owner, 3)
    const page = await owner.call('GET', listPath(owner, project.id, '?limit=1'))
    expect(statementsOf(page)).toBe(1)
    const foreign = await intruder.call('GET', listPath(intruder, project.id, '?limit=1'))
    expect(foreign.status).toBe(404)
    expect(foreign.body).toMatchObject({ statusCode: 404, statusMessage: 'Not Found', message: 'Project not found' })
    const anonymous = await request('GET', listPath(owner, project.id, '?limit=1'))
    expect(anonymous.status).toBe(401)
  })
})

describe('the JSON Postgres builds', () => {
  it('is byte for byte what JSON.stringify makes of the answer: compact, seed key order then kept, names escaped', async () => {
    const user = await signUp()
    const project = await createProject(user)
    for (const name of ['plain', 'quote " and \\ backslash', 'tab\tnew\nline', 'ünïcødé ✓ 日本', '</script>']) await createChat(user, project.id, name)
    for (const query of ['', '?limit=3', '?order_by=name:asc']) {
      const response = await user.call('GET', listPath(user, project.id, query))
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toMatch(/^application\/json/)
      expect(response.text).toBe(JSON.stringify(response.body))
      expect(Object.keys(response.body.chats[0])).toEqual(['id', 'neptun_user_id', 'model', 'name', 'created_at', 'updated_at', 'kept'])
    }
  })
})

describe('GET …/projects/[project_id]/chats?q', () => {
  it('case-insensitive substring of the name, with and without limit; % _ and \\ match themselves', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const names = ['Kubernetes pods', 'kube config', 'Terraform', '100% done', '100 percent', 'a_b', 'axb', 'back\\slash', 'backslash']
    const chats = new Map<string, number>()
    for (const name of names) chats.set(name, (await createChat(user, project.id, name)).id)
    const find = async (q: string, extra = '') => {
      const response = await user.call('GET', listPath(user, project.id, `?order_by=id:asc&q=${encodeURIComponent(q)}${extra}`))
      expect(response.status).toBe(200)
      return response.body.chats.map((chat: Chat) => chat.name)
    }
    expect(await find('KUBE')).toEqual(['Kubernetes pods', 'kube config'])
    expect(await find('kube', '&limit=1')).toEqual(['Kubernetes pods'])
    expect(await find('%')).toEqual(['100% done'])
    expect(await find('_')).toEqual(['a_b'])
    expect(await find('\\')).toEqual(['back\\slash'])
    expect(await find('')).toHaveLength(names.length)
    expect(await find('nothing like it')).toEqual([])
  })

  it('400 for a q over 200 characters', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const response = await user.call('GET', listPath(user, project.id, `?q=${'x'.repeat(201)}`))
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject(badRequest(/^Invalid q: at most 200 characters$/))
  })
})

describe('GET …/projects/[project_id]/chats/count', () => {
  it('200 {count, kept} of the project\'s chats, matching q if given, in 1 statement (the session check is inside it)', async () => {
    const user = await signUp()
    const { project } = await projectWithTies(user, 6)
    const other = await createProject(user, 'Other')
    await createChat(user, other.id, 'alpha elsewhere')
    const all = await user.call('GET', listPath(user, project.id, '/count'))
    expect(all.status).toBe(200)
    expect(all.body).toEqual({ count: 6, kept: 0 })
    expect(statementsOf(all)).toBe(1)
    expect((await user.call('GET', listPath(user, project.id, '/count?q=ALPHA'))).body).toEqual({ count: 3, kept: 0 })
  })

  it('404 for another user\'s project, 401 without a session', async () => {
    const [owner, intruder] = await Promise.all([signUp(), signUp()])
    const project = await createProject(owner)
    const foreign = await intruder.call('GET', listPath(intruder, project.id, '/count'))
    expect(foreign.status).toBe(404)
    expect(foreign.body).toMatchObject({ statusCode: 404, statusMessage: 'Not Found', message: 'Project not found' })
    expect((await request('GET', listPath(owner, project.id, '/count'))).status).toBe(401)
  })
})
