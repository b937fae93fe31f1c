import { describe, expect, it } from 'vitest'
import { signUp, type TestUser } from '../helpers/client'
import { addMessages, createChat, createProject, listMessages, type Chat } from '../helpers/fixtures'

// Search in the project chats list (issue 17): q's language, the match it reports, the filters,
// paging through results, the tenant boundary and bad input. Runs on PGlite and on Postgres.

const listPath = (user: TestUser, projectId: number, query: Record<string, string | number>) =>
  `/api/users/${user.id}/projects/${projectId}/chats?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`
const badRequest = (message: RegExp, code = 'invalid_value') => ({ statusCode: 400, statusMessage: 'Bad Request', data: { issues: [{ code, message: expect.stringMatching(message) }] } })

async function search(user: TestUser, projectId: number, query: Record<string, string | number>) {
  const response = await user.call('GET', listPath(user, projectId, { limit: 50, ...query }))
  expect(response.status, response.text).toBe(200)
  return response.body.chats as (Chat & { message_count: number, last_message: string | null, match?: { messages: number, message_id: number | null, snippet: string | null } })[]
}
const names = (chats: { name: string }[]) => chats.map(chat => chat.name).sort()

async function chatWith(user: TestUser, projectId: number, name: string, messages: string[], model?: string) {
  const chat = await createChat(user, projectId, name, model)
  const added = messages.length ? await addMessages(user, chat.id, messages.map((message, i) => ({ actor: i % 2 ? 'assistant' as const : 'user' as const, message }))) : []
  return { chat, messages: added }
}

describe('q: the search language', () => {
  it('every word must match, in one message or in the name; the answer says how many messages matched, with a highlighted, escaped snippet', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const both = await chatWith(user, project.id, 'Ops', ['the old jenkins setup keeps failing', 'unrelated <b>bold</b> jenkins & setup notes', 'nothing here'])
    await chatWith(user, project.id, 'Half', ['jenkins only', 'setup only'])
    await chatWith(user, project.id, 'Jenkins setup runbook', [])
    const chats = await search(user, project.id, { q: 'Jenkins SETUP' })
    expect(names(chats)).toEqual(['Jenkins setup runbook', 'Ops'])
    const ops = chats.find(chat => chat.name === 'Ops')!
    expect(ops.message_count).toBe(3)
    expect(ops.last_message).toBe('nothing here')
    expect(ops.match!.messages).toBe(2)
    expect(both.messages.map(message => message.id)).toContain(ops.match!.message_id)
    expect(ops.match!.snippet).toMatch(/<mark>jenkins<\/mark>/)
    const named = chats.find(chat => chat.name === 'Jenkins setup runbook')!
    expect(named.match).toEqual({ messages: 0, message_id: null, snippet: null })
  })

  it('a message\'s own markup never reaches the snippet as markup', async () => {
    const user = await signUp()
    const project = await createProject(user)
    await chatWith(user, project.id, 'X', ['payload "quoted" & \'single\' <img src=x onerror=alert(1)> a<b c>d 1 < 2 > 0 xsscheck'])
    const [chat] = await search(user, project.id, { q: 'xsscheck' })
    const snippet = chat!.match!.snippet!
    expect(snippet).toContain('<mark>xsscheck</mark>')
    const withoutMarks = snippet.replace(/<\/?mark>/g, '')
    expect(withoutMarks).not.toMatch(/[<>"']/)
    expect(withoutMarks).toContain('&amp;')
  })

  it('ranks chats whose name matches first, then by matching messages; order_by still sorts by any column', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const one = await chatWith(user, project.id, 'alpha', ['terraform once'])
    const three = await chatWith(user, project.id, 'beta', ['terraform', 'terraform again', 'and terraform'])
    const named = await chatWith(user, project.id, 'terraform state', [])
    const ranked = await search(user, project.id, { q: 'terraform' })
    expect(ranked.map(chat => chat.id)).toEqual([named.chat.id, three.chat.id, one.chat.id])
    const byName = await search(user, project.id, { q: 'terraform', order_by: 'name:desc' })
    expect(byName.map(chat => chat.name)).toEqual(['terraform state', 'beta', 'alpha'])
  })

  it('"phrases" match the words in order; an unterminated quote runs to the end', async () => {
    const user = await signUp()
    const project = await createProject(user)
    await chatWith(user, project.id, 'in order', ['the pod was evicted yesterday'])
    await chatWith(user, project.id, 'reversed', ['evicted: the pod was'])
    expect(names(await search(user, project.id, { q: '"pod was evicted"' }))).toEqual(['in order'])
    expect(names(await search(user, project.id, { q: 'evicted pod' }))).toEqual(['in order', 'reversed'])
    expect(names(await search(user, project.id, { q: '"pod was evicted' }))).toEqual(['in order'])
  })

  it('-words leave out every chat whose name or any message has them', async () => {
    const user = await signUp()
    const project = await createProject(user)
    await chatWith(user, project.id, 'docker only', ['docker build'])
    await chatWith(user, project.id, 'docker and jenkins', ['docker build', 'later: jenkins'])
    await chatWith(user, project.id, 'jenkins in the name', ['docker build'])
    await chatWith(user, project.id, 'phrase', ['docker build', 'old jenkins box'])
    expect(names(await search(user, project.id, { q: 'docker -jenkins' }))).toEqual(['docker only'])
    expect(names(await search(user, project.id, { q: 'docker -"old jenkins"' }))).toEqual(['docker and jenkins', 'docker only', 'jenkins in the name'])
  })

  it('the last word matches as a prefix while typing, the others as whole words', async () => {
    const user = await signUp()
    const project = await createProject(user)
    await chatWith(user, project.id, 'k', ['restart the kubelet on node 3'])
    expect(names(await search(user, project.id, { q: 'restart kube' }))).toEqual(['k'])
    expect(names(await search(user, project.id, { q: 'kube restart' }))).toEqual([])
    expect(names(await search(user, project.id, { q: 'restart kube ' }))).toEqual([])
  })

  it('code-like tokens match as typed', async () => {
    const user = await signUp()
    const project = await createProject(user)
    await chatWith(user, project.id, 'logs', [
      'pod api-7f9 is in CrashLoopBackOff after the 502 from kube-proxy',
      'edit values.yaml and point it to 10.0.0.1, token sk_live_9fA2bC7 leaked',
    ])
    await chatWith(user, project.id, 'decoy', ['crash loop back off, 5020 errors, kube proxy, values yaml, 10.0.0.12'])
    // A space after the last word ends it; without one it is also a prefix (502 would find 5020).
    for (const q of ['CrashLoopBackOff', 'crashloopbackoff', '502 ', 'kube-proxy ', 'values.yaml', '10.0.0.1 ', '9fA2bC7', 'sk_live_9fA2', 'CrashLoop']) {
      expect(names(await search(user, project.id, { q })), q).toEqual(['logs'])
    }
  })
})

describe('filters', () => {
  it('model, message counts and dates combine with q and with each other; counts and the count route agree', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const small = await chatWith(user, project.id, 'small', ['helm chart'], 'model-a')
    const big = await chatWith(user, project.id, 'big', ['helm chart', 'helm again', 'more', 'and more'], 'model-b')
    await chatWith(user, project.id, 'empty', [], 'model-a')
    expect(names(await search(user, project.id, { model: 'model-a' }))).toEqual(['empty', 'small'])
    expect(names(await search(user, project.id, { q: 'helm', model: 'model-a' }))).toEqual(['small'])
    expect(names(await search(user, project.id, { min_messages: 2 }))).toEqual(['big'])
    expect(names(await search(user, project.id, { max_messages: 1 }))).toEqual(['empty', 'small'])
    expect(names(await search(user, project.id, { min_messages: 1, max_messages: 1, q: 'chart' }))).toEqual(['small'])
    const later = new Date(Date.parse(big.chat.created_at) + 60_000).toISOString()
    expect(names(await search(user, project.id, { created_after: '2000-01-01', created_before: later, q: 'helm' }))).toEqual(['big', 'small'])
    expect(await search(user, project.id, { created_after: later })).toEqual([])
    expect(names(await search(user, project.id, { updated_before: later, updated_after: small.chat.created_at, max_messages: 0 }))).toEqual(['empty'])
    const count = await user.call('GET', `/api/users/${user.id}/projects/${project.id}/chats/count?q=helm&model=model-b`)
    expect(count.body).toEqual({ count: 1, kept: 0 })
  })

  it.each([
    [{ min_messages: 3, max_messages: 2 }, /^Invalid min_messages: greater than max_messages$/],
    [{ min_messages: -1 }, /^Invalid min_messages/],
    [{ max_messages: '1.5' }, /^Invalid max_messages/],
    [{ created_after: 'yesterday' }, /^Invalid created_after/],
    [{ updated_before: '2026-02-30T25:00:00Z' }, /^Invalid updated_before/],
    [{ created_after: '2026-03-01', created_before: '2026-02-01' }, /^Invalid created_after: not before created_before$/],
    [{ model: 'x'.repeat(201) }, /^Invalid model/],
  ])('400 for %o', async (query, message) => {
    const user = await signUp()
    const project = await createProject(user)
    for (const path of [listPath(user, project.id, query), `/api/users/${user.id}/projects/${project.id}/chats/count?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`]) {
      const response = await user.call('GET', path)
      expect(response.status).toBe(400)
      expect(response.body).toMatchObject(badRequest(message))
    }
  })
})

describe('paging through results', () => {
  it('pages of search results in relevance order list every found chat once; the cursor carries q and the filters', async () => {
    const user = await signUp()
    const project = await createProject(user)
    for (let i = 0; i < 7; i++) await chatWith(user, project.id, `chat ${i}`, Array.from({ length: 1 + (i % 3) }, () => 'grafana dashboard'), i % 2 ? 'model-a' : 'model-b')
    await chatWith(user, project.id, 'grafana in the name', [], 'model-a')
    const whole = await search(user, project.id, { q: 'grafana', model: 'model-a', limit: 100 })
    expect(whole).toHaveLength(4)
    expect(whole[0]!.name).toBe('grafana in the name')
    const seen: number[] = []
    let response = await user.call('GET', listPath(user, project.id, { q: 'grafana', model: 'model-a', limit: 1 }))
    for (;;) {
      expect(response.status).toBe(200)
      seen.push(...response.body.chats.map((chat: Chat) => chat.id))
      if (!response.body.next_cursor) break
      response = await user.call('GET', listPath(user, project.id, { cursor: response.body.next_cursor }))
    }
    expect(seen).toEqual(whole.map(chat => chat.id))
    const first = await user.call('GET', listPath(user, project.id, { q: 'grafana', model: 'model-a', limit: 1 }))
    const otherModel = await user.call('GET', listPath(user, project.id, { cursor: first.body.next_cursor, model: 'model-b' }))
    expect(otherModel.body).toMatchObject(badRequest(/^Invalid cursor: it continues another model$/))
    const otherQ = await user.call('GET', listPath(user, project.id, { cursor: first.body.next_cursor, q: 'other' }))
    expect(otherQ.body).toMatchObject(badRequest(/^Invalid cursor: it continues another q$/))
  })

  it('order_by=relevance without q is a 400', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const response = await user.call('GET', listPath(user, project.id, { order_by: 'relevance:desc' }))
    expect(response.body).toMatchObject(badRequest(/^Invalid order_by: relevance orders search results/))
  })
})

describe('correctness', () => {
  it('never shows another account\'s chat or snippet, even in a project id of theirs', async () => {
    const [owner, other] = await Promise.all([signUp(), signUp()])
    const project = await createProject(owner)
    const theirs = await createProject(other)
    await chatWith(other, theirs.id, 'secret quasar', ['quasar secret plans'])
    await chatWith(owner, project.id, 'mine', ['nothing to see'])
    expect(await search(owner, project.id, { q: 'quasar' })).toEqual([])
    const foreign = await owner.call('GET', listPath(owner, theirs.id, { q: 'quasar', limit: 5 }))
    expect(foreign.status).toBe(404)
    expect(foreign.text).not.toMatch(/quasar/)
  })

  it('a deleted or trimmed message is not found once its delete is answered', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const { chat } = await chatWith(user, project.id, 'c', ['keep this', 'zeppelin answer'])
    expect(names(await search(user, project.id, { q: 'zeppelin' }))).toEqual(['c'])
    const trimmed = await user.call('DELETE', `/api/users/${user.id}/chats/${chat.id}/messages/last`)
    expect(trimmed.status).toBe(200)
    expect((await listMessages(user, chat.id))).toHaveLength(0)
    expect(await search(user, project.id, { q: 'zeppelin' })).toEqual([])
    const gone = await chatWith(user, project.id, 'gone', ['zeppelin again'])
    expect((await user.call('DELETE', `/api/users/${user.id}/projects/${project.id}/chats/${gone.chat.id}`)).status).toBe(200)
    expect(await search(user, project.id, { q: 'zeppelin' })).toEqual([])
  })
})

describe('bad input', () => {
  it.each([
    ['only exclusions', '-jenkins -docker', /^Invalid q: add a word/],
    ['only punctuation', '&& || !', /^Invalid q: no word to find/],
    ['10,000 characters', 'a'.repeat(10_000), /^Invalid q: at most 200 characters$/],
    ['a NUL', 'abc\u0000def', /^(?:Invalid q: control characters|The path or query contains a NUL byte)/],
    ['a control character', 'abc\u0007def', /^Invalid q: control characters/],
  ])('400 in the seeds\' shape for %s', async (_case, q, message) => {
    const user = await signUp()
    const project = await createProject(user)
    for (const query of [{ q }, { q, limit: 5 }] as Record<string, string | number>[]) {
      const response = await user.call('GET', listPath(user, project.id, query))
      expect(response.status).toBe(400)
      expect(response.body).toMatchObject({ statusCode: 400, statusMessage: 'Bad Request', data: { issues: [{ message: expect.stringMatching(message) }] } })
    }
  })

  it('a lone surrogate (bytes no UTF-8 text holds) is a 400, never a 500', async () => {
    const user = await signUp()
    const project = await createProject(user)
    for (const raw of ['%ED%A0%80', '%FF', 'abc%E2%82']) {
      const response = await user.call('GET', `/api/users/${user.id}/projects/${project.id}/chats?limit=5&q=${raw}`)
      expect(response.status, raw).toBeLessThan(500)
    }
  })

  it.each([
    'a & b | !c', '\'', '\'\'', 'x:*', 'x:* & y', '(a', 'a)', '\\', 'a\\', '.*(', '[a-z]+', '$$', 'a <-> b', '!!!x', 'x:A', '"', '""', '- -', '-"', 'a -', '%_%', 'café naïve', '日本語',
  ])('tsquery or regex syntax is text: %j answers 200 (or a 400 naming it), never a 500', async (q) => {
    const user = await signUp()
    const project = await createProject(user)
    await chatWith(user, project.id, 'c', ['a b c x y'])
    const response = await user.call('GET', listPath(user, project.id, { q }))
    expect([200, 400]).toContain(response.status)
    if (response.status === 400) expect(response.body).toMatchObject({ statusCode: 400, statusMessage: 'Bad Request' })
  })
})
