import { describe, expect, it } from 'vitest'
import { request, signUp, type TestUser } from '../helpers/client'
import { addMessages, createChat, createProject } from '../helpers/fixtures'

// GET /api/users/:uid/chats: search across all of the user's projects (issue 17), with the
// project list's q, filters, order and keyset pages; each row names its projects. Runs on PGlite
// and on Postgres.

interface Row { id: number, name: string, project_ids: number[], message_count: number, match?: { messages: number, message_id: number | null, snippet: string | null } }

const path = (user: TestUser, query: Record<string, string | number>) =>
  `/api/users/${user.id}/chats?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`

async function searchAll(user: TestUser, query: Record<string, string | number>): Promise<{ chats: Row[], next_cursor: string | null }> {
  const response = await user.call('GET', path(user, query))
  expect(response.status, response.text).toBe(200)
  return response.body
}

async function chatWith(user: TestUser, projectId: number, name: string, messages: string[], model?: string) {
  const chat = await createChat(user, projectId, name, model)
  const added = messages.length ? await addMessages(user, chat.id, messages.map(message => ({ actor: 'user' as const, message }))) : []
  return { chat, messages: added }
}

describe('GET /api/users/:uid/chats (every project)', () => {
  it('finds chats in every project, naming each one\'s projects, ranked by relevance, with the match and its escaped snippet', async () => {
    const user = await signUp()
    const [infra, apps] = await Promise.all([createProject(user, 'Infra'), createProject(user, 'Apps')])
    const one = await chatWith(user, infra.id, 'vpc notes', ['the jenkins agent <b>dies</b>', 'jenkins again'])
    await chatWith(user, apps.id, 'deploys', ['jenkins once'])
    await chatWith(user, apps.id, 'Jenkins runbook', [])
    await chatWith(user, apps.id, 'unrelated', ['nothing here'])
    const { chats, next_cursor } = await searchAll(user, { q: 'jenkins' })
    expect(next_cursor).toBeNull()
    expect(chats.map(chat => chat.name)).toEqual(['Jenkins runbook', 'vpc notes', 'deploys'])
    expect(chats.map(chat => chat.project_ids)).toEqual([[apps.id], [infra.id], [apps.id]])
    const vpc = chats[1]!
    expect(vpc.message_count).toBe(2)
    expect(vpc.match!.messages).toBe(2)
    expect(one.messages.map(message => message.id)).toContain(vpc.match!.message_id)
    expect(vpc.match!.snippet).toContain('<mark>jenkins</mark>')
    expect(vpc.match!.snippet!.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/)
  })

  it('the filters combine with q; without q every chat, newest first; pages of any size list each chat once, the cursor carrying q and the filters', async () => {
    const user = await signUp()
    const [a, b] = await Promise.all([createProject(user, 'A'), createProject(user, 'B')])
    for (let i = 0; i < 7; i++) await chatWith(user, i % 2 ? a.id : b.id, `kube ${i}`, i % 3 ? ['kube proxy restarted'] : [], i < 4 ? 'google/gemma-2-27b-it' : 'meta-llama/Llama-3.3-70B-Instruct')
    const all = await searchAll(user, {})
    expect(all.chats.map(chat => chat.name)).toEqual(['kube 6', 'kube 5', 'kube 4', 'kube 3', 'kube 2', 'kube 1', 'kube 0'])
    const filtered = await searchAll(user, { q: 'proxy', model: 'google/gemma-2-27b-it', min_messages: 1 })
    expect(filtered.chats.map(chat => chat.name).sort()).toEqual(['kube 1', 'kube 2'])

    const seen: string[] = []
    let page = await searchAll(user, { q: 'kube', limit: 2 })
    for (;;) {
      seen.push(...page.chats.map(chat => chat.name))
      if (!page.next_cursor) break
      page = await searchAll(user, { cursor: page.next_cursor })
    }
    expect(seen).toHaveLength(7)
    expect(new Set(seen).size).toBe(7)
    const contradicted = await user.call('GET', path(user, { cursor: (await searchAll(user, { q: 'kube', limit: 2 })).next_cursor!, q: 'other' }))
    expect(contradicted.status).toBe(400)
  })

  it('never shows another account\'s chat, snippet or project; another user\'s path or no session is a 401', async () => {
    const [owner, other] = await Promise.all([signUp(), signUp()])
    const [mine, theirs] = await Promise.all([createProject(owner), createProject(other)])
    await chatWith(other, theirs.id, 'secret quasar', ['quasar secret plans'])
    await chatWith(owner, mine.id, 'mine', ['nothing to see'])
    expect((await searchAll(owner, { q: 'quasar' })).chats).toEqual([])
    const everything = await searchAll(owner, {})
    expect(everything.chats.map(chat => chat.name)).toEqual(['mine'])
    expect(everything.chats[0]!.project_ids).toEqual([mine.id])

    const foreign = await owner.call('GET', `/api/users/${other.id}/chats?q=quasar`)
    expect(foreign.status).toBe(401)
    expect(foreign.text).not.toMatch(/quasar/)
    const anonymous = await request('GET', `/api/users/${owner.id}/chats?q=mine`)
    expect(anonymous.status).toBe(401)
  })

  it('bad input is a 400 in the error shape, never a 500', async () => {
    const user = await signUp()
    const project = await createProject(user)
    await chatWith(user, project.id, 'x', ['y'])
    const cases: Record<string, string>[] = [
      { q: '-only' },
      { q: '"' },
      { q: 'a'.repeat(10_000) },
      { q: 'nul\u0000byte' },
      { order_by: 'relevance:desc' },
      { q: 'x', min_messages: '5', max_messages: '1' },
      { created_after: 'yesterday' },
      { limit: '0' },
      { cursor: 'nope' },
    ]
    for (const query of cases) {
      const response = await user.call('GET', path(user, query))
      expect(response.status, JSON.stringify(query).slice(0, 80)).toBe(400)
      expect(response.body).toMatchObject({ statusCode: 400, statusMessage: 'Bad Request' })
    }
    // Operators of tsquery and regular expressions are plain text: an answer, not an error.
    for (const q of ['a & b', 'x:* | !y', 'a(.*)', 'a <-> b']) {
      const response = await user.call('GET', path(user, { q }))
      expect(response.status, q).toBe(200)
    }
  })
})
