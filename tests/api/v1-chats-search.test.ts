import { describe, expect, it } from 'vitest'
import { signUp, type ApiResponse } from '../helpers/client'
import { addMessages, createApiKey, createChat, createProject, v1 } from '../helpers/fixtures'
import { openApiProblems } from '../helpers/openapi'

// q and the filters on GET /api/v1/chats (docs/api.md): the cookie list's grammar, keyset pages
// whose cursors continue only their own listing; every answer fits /api/v1/openapi.json.

async function list(key: string, query: string): Promise<ApiResponse> {
  const response = await v1(key, 'GET', `/chats?${query}`)
  expect(await openApiProblems('GET', '/api/v1/chats', response), query).toEqual([])
  return response
}

const names = (response: ApiResponse) => response.body.chats.map((chat: { name: string }) => chat.name).sort()

async function world() {
  const user = await signUp()
  const project = await createProject(user)
  const { key } = await createApiKey(user)
  const jenkins = await createChat(user, project.id, 'Old Jenkins setup', 'model-a')
  await addMessages(user, jenkins.id, [{ actor: 'user', message: 'The pod is in CrashLoopBackOff after values.yaml changed' }, 'assistant'])
  const kube = await createChat(user, project.id, 'kube-proxy issue', 'model-b')
  await addMessages(user, kube.id, [{ actor: 'user', message: 'kube-proxy returns 502 on 10.0.0.1' }])
  const plain = await createChat(user, project.id, 'Lunch', 'model-a')
  // Another account with the same words: never found.
  const stranger = await signUp()
  const theirs = await createChat(stranger, (await createProject(stranger)).id, 'Old Jenkins setup')
  await addMessages(stranger, theirs.id, [{ actor: 'user', message: 'CrashLoopBackOff 502 kube-proxy' }])
  return { key, jenkins, kube, plain }
}

describe('GET /api/v1/chats?q and filters', () => {
  it('q finds names and message text (words, phrases, exclusions, prefixes, code tokens), the key owner\'s chats only', async () => {
    const { key } = await world()
    const cases: [string, string[]][] = [
      ['jenkins', ['Old Jenkins setup']],
      ['CrashLoopBackOff', ['Old Jenkins setup']],
      ['values.yaml', ['Old Jenkins setup']],
      ['kube-proxy 502', ['kube-proxy issue']],
      ['10.0.0.1', ['kube-proxy issue']],
      ['"returns 502"', ['kube-proxy issue']],
      ['crashloop', ['Old Jenkins setup']],
      ['pod -jenkins', []],
      ['lunch', ['Lunch']],
      ['nothing-like-this', []],
    ]
    for (const [q, expected] of cases) {
      const response = await list(key, `q=${encodeURIComponent(q)}`)
      expect(response.status, q).toBe(200)
      expect(names(response), q).toEqual(expected)
    }
  })

  it('filters combine with q and with each other', async () => {
    const { key } = await world()
    expect(names(await list(key, 'model=model-a'))).toEqual(['Lunch', 'Old Jenkins setup'])
    expect(names(await list(key, 'model=model-a&min_messages=1'))).toEqual(['Old Jenkins setup'])
    expect(names(await list(key, 'max_messages=0'))).toEqual(['Lunch'])
    expect(names(await list(key, 'q=502&model=model-a'))).toEqual([])
    expect(names(await list(key, 'created_after=2000-01-01&updated_before=9999-01-01&kept=false'))).toHaveLength(3)
    expect(names(await list(key, 'kept=true'))).toEqual([])
    expect(names(await list(key, 'created_before=2000-01-01'))).toEqual([])
  })

  it('keyset pages of a search: each match once; the cursor continues only its own q and filters (else 400)', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const { key } = await createApiKey(user)
    for (let i = 0; i < 5; i++) await createChat(user, project.id, `deploy ${i}`, i % 2 ? 'model-b' : 'model-a')
    await createChat(user, project.id, 'other')
    const seen: string[] = []
    let cursor: string | null = null
    let response: ApiResponse
    do {
      response = await list(key, `q=deploy&model=model-a&limit=1${cursor ? `&cursor=${cursor}` : ''}`)
      expect(response.status, response.text).toBe(200)
      seen.push(...names(response))
      cursor = response.body.next_cursor
    } while (cursor)
    expect(seen.sort()).toEqual(['deploy 0', 'deploy 2', 'deploy 4'])
    const first = await list(key, 'q=deploy&model=model-a&limit=1')
    const anotherQuery = { statusCode: 400, statusMessage: 'Bad Request', message: 'Invalid cursor: it continues a listing with other q or filters' }
    for (const query of ['q=deploy', 'model=model-a', 'q=deploy&model=model-b', 'q=deploy%20x&model=model-a', '']) {
      const refused = await list(key, `${query}&cursor=${first.body.next_cursor}`)
      expect(refused.body, query).toEqual(anotherQuery)
    }
    const unfiltered = await list(key, 'limit=1')
    expect((await list(key, `q=deploy&cursor=${unfiltered.body.next_cursor}`)).body).toEqual(anotherQuery)
    expect((await list(key, `cursor=${unfiltered.body.next_cursor}`)).status).toBe(200)
    const head = await v1(key, 'HEAD', '/chats?q=deploy&model=model-a')
    expect([head.status, head.text]).toEqual([200, ''])
  })

  it('bad input is a 400 naming it, never a 500', async () => {
    const { key } = await world()
    const cases: [string, string][] = [
      [`q=${'a'.repeat(201)}`, 'Invalid q: at most 200 characters'],
      ['q=-only', 'Invalid q: '],
      ['q=%00', 'Invalid q: control characters and broken Unicode are not allowed'],
      ['q=a&q=b', 'Invalid q: give it once'],
      ['kept=maybe', 'Invalid kept: true or false'],
      ['min_messages=5&max_messages=1', 'Invalid min_messages: greater than max_messages'],
      ['created_after=yesterday', 'Invalid created_after: '],
      ['model=a&model=b', 'Invalid model: give it once'],
    ]
    for (const [query, message] of cases) {
      const response = await list(key, query)
      expect(response.status, query).toBe(400)
      expect(response.body.message, query).toContain(message)
    }
    for (const q of ['\uFFFD', '"unterminated', 'a & b | !c', '(x) <-> y:*', '\'quoted\'', '.*[regex]+']) {
      expect([200, 400], q).toContain((await list(key, `q=${encodeURIComponent(q)}`)).status)
    }
  })
})
