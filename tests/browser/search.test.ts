import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { TestUser } from '../helpers/client'
import { addMessages, createChat, createProject } from '../helpers/fixtures'
import { MOBILE, row, rowNames, seedProject, signUpAs, useBrowser } from './browser'

// Search on the project page: the table's message count and last-message columns, the query and
// the filters in the URL (reload, back, forward), "select all N matching" deleting exactly what
// matched, and the two-line rows on a phone.

const { open } = useBrowser()

const GEMMA = 'google/gemma-2-27b-it'
const LLAMA = 'meta-llama/Llama-3.3-70B-Instruct'

function urlParams(page: Page): Record<string, string> {
  return Object.fromEntries(new URL(page.url()).searchParams)
}

function resultNames(page: Page): Promise<string[]> {
  return page.locator('li.search-result [data-testid="chat-name"]').allTextContents().then(names => names.map(name => name.trim()))
}

async function apiNames(user: TestUser, projectId: number): Promise<string[]> {
  const response = await user.call('GET', `/api/users/${user.id}/projects/${projectId}/chats?order_by=name:asc`)
  expect(response.status).toBe(200)
  return response.body.chats.map((chat: { name: string }) => chat.name)
}

describe('searching a project\'s chats', () => {
  it('shows each chat\'s message count and last message; the query and filters go to the URL, survive a reload and move with back/forward', async () => {
    const user = await signUpAs('search@example.com')
    const { projectId, chats } = await seedProject(user)
    await addMessages(user, chats[0]!.id, [
      { actor: 'user', message: 'plan shows drift in the vpc module' },
      { actor: 'assistant', message: 'Run   terraform refresh,\nthen plan again' },
    ])
    const page = await open(`/projects/${projectId}`, { user })
    await page.getByRole('heading', { name: 'Platform' }).waitFor()
    const drift = row(page, 'Terraform drift')
    expect((await drift.getByTestId('message-count').textContent())?.trim()).toMatch(/^2\b/)
    expect(await drift.getByTestId('chat-preview').textContent()).toBe('Run terraform refresh, then plan again')
    expect(await row(page, 'Docker layers').getByTestId('chat-preview').textContent()).toBe('No messages yet')

    const box = page.getByLabel('Search chats')
    await box.fill('terraform')
    await expect.poll(() => urlParams(page).q).toBe('terraform')
    await expect.poll(() => rowNames(page)).toEqual(['Terraform drift'])

    // A query the server would refuse stays out of the URL; the reason shows.
    await box.fill('-terraform')
    await expect.poll(() => page.getByTestId('search-issue').textContent()).toContain('-word only leaves chats out')
    expect(urlParams(page).q).toBe('terraform')

    await box.fill('')
    await expect.poll(() => urlParams(page).q).toBeUndefined()
    await page.getByText('Filters').click()
    await page.locator('select[name="model"]').selectOption(GEMMA)
    await expect.poll(() => urlParams(page).model).toBe(GEMMA)
    await expect.poll(() => rowNames(page)).toEqual(['Terraform drift', 'Docker layers', 'Kubernetes CrashLoop'])
    await page.locator('input[name="min_messages"]').fill('1')
    await page.locator('input[name="min_messages"]').dispatchEvent('change')
    await expect.poll(() => urlParams(page).min_messages).toBe('1')
    await expect.poll(() => rowNames(page)).toEqual(['Terraform drift'])
    expect(await page.getByTestId('active-filters').textContent()).toContain(`model ${GEMMA} · at least 1 message`)

    await page.reload()
    await page.getByRole('heading', { name: 'Platform' }).waitFor()
    expect(await rowNames(page)).toEqual(['Terraform drift'])
    expect(await page.locator('select[name="model"]').inputValue()).toBe(GEMMA)
    expect(await page.locator('input[name="min_messages"]').inputValue()).toBe('1')

    await page.goBack()
    await expect.poll(() => rowNames(page)).toEqual(['Terraform drift', 'Docker layers', 'Kubernetes CrashLoop'])
    expect(urlParams(page).min_messages).toBeUndefined()
    await page.goForward()
    await expect.poll(() => rowNames(page)).toEqual(['Terraform drift'])

    await page.getByTestId('clear-search').click()
    await expect.poll(() => rowNames(page).then(names => names.length)).toBe(6)
    expect(urlParams(page)).toEqual({})
  })

  it('a result shows its matching-message count and best passage, words in <mark> and the message\'s markup as text; ranked by relevance; it opens the chat at that message; the count is announced', async () => {
    const user = await signUpAs('snippets@example.com')
    const project = await createProject(user, 'Clusters')
    const filler = (from: number) => Array.from({ length: 20 }, (_, i) => ({ actor: 'user' as const, message: `filler note number ${from + i}` }))
    const notes = await createChat(user, project.id, 'Aaa cluster notes')
    const added = await addMessages(user, notes.id, [...filler(0), { actor: 'user', message: 'payload "quoted" & \'single\' <img src=x onerror=window.__pwned=1> <b>bold</b> kubectl rollout' }, ...filler(20)])
    const match = added[20]!
    const busy = await createChat(user, project.id, 'Zzz busy cluster')
    await addMessages(user, busy.id, [{ actor: 'user', message: 'kubectl get pods' }, { actor: 'assistant', message: 'kubectl describe pod' }])
    await createChat(user, project.id, 'Unrelated')

    const page = await open(`/projects/${project.id}`, { user })
    await page.getByLabel('Search chats').fill('kubectl')
    await expect.poll(() => page.getByTestId('search-announcement').textContent()).toContain('2 chats match')
    // Relevance: more matching messages first.
    await expect.poll(() => rowNames(page)).toEqual(['Zzz busy cluster', 'Aaa cluster notes'])
    expect(await page.getByTestId('ranking').textContent()).toContain('Best matches first')
    const result = row(page, 'Aaa cluster notes').getByTestId('chat-match')
    expect(await result.textContent()).toContain('1 matching message: ')
    const snippet = result.getByTestId('search-snippet')
    expect(await snippet.locator('mark').allTextContents()).toEqual(['kubectl'])
    expect(await snippet.evaluate(element => [...element.querySelectorAll('*')].map(child => child.tagName))).toEqual(['MARK'])
    expect(await snippet.textContent()).toContain('payload "quoted" & \'single\'')
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined()
    expect(await row(page, 'Zzz busy cluster').getByTestId('chat-match').textContent()).toContain('2 matching messages')

    await page.locator('button[data-sort-column="name"]').click()
    await expect.poll(() => rowNames(page)).toEqual(['Aaa cluster notes', 'Zzz busy cluster'])
    await page.getByTestId('rank-by-relevance').click()
    await expect.poll(() => rowNames(page)).toEqual(['Zzz busy cluster', 'Aaa cluster notes'])

    await row(page, 'Aaa cluster notes').getByRole('link', { name: 'Aaa cluster notes' }).click()
    await expect.poll(() => new URL(page.url()).searchParams.get('m')).toBe(String(match.id))
    const found = page.locator(`[data-message-id="${match.id}"]`)
    await expect.poll(() => found.getAttribute('class')).toContain('found')
    // Scrolled to: the message is on screen, the first messages are not.
    await expect.poll(() => found.evaluate(element => element.getBoundingClientRect().top >= 0 && element.getBoundingClientRect().bottom <= window.innerHeight)).toBe(true)
    expect(await found.locator('img, b').count()).toBe(0)
  })

  it('the search page, from the header, searches every project: each result names its projects and shows its match; the query is in the URL; a result opens the chat at the match', async () => {
    const user = await signUpAs('search-all@example.com')
    const [infra, apps] = await Promise.all([createProject(user, 'Infra'), createProject(user, 'Apps')])
    const vpc = await createChat(user, infra.id, 'VPC peering')
    const [hit] = await addMessages(user, vpc.id, [{ actor: 'user', message: 'the <i>ingress</i> nginx returns 502 & more' }])
    const deploys = await createChat(user, apps.id, 'Deploys')
    await addMessages(user, deploys.id, [{ actor: 'user', message: 'a 502 after the rollout' }, { actor: 'user', message: '502 again' }])
    await createChat(user, apps.id, 'Unrelated')

    const page = await open(`/projects/${infra.id}`, { user })
    await page.getByRole('link', { name: 'Search', exact: true }).click()
    await page.getByRole('heading', { name: 'Search' }).waitFor()
    await page.getByLabel('Search all chats').fill('502')
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('502')
    await expect.poll(() => resultNames(page)).toEqual(['Deploys', 'VPC peering'])
    await expect.poll(() => page.getByTestId('search-count').textContent()).toContain('2 chats found')
    const result = (name: string) => page.locator('li.search-result').filter({ has: page.getByRole('link', { name, exact: true }) })
    expect(await result('Deploys').getByTestId('result-projects').textContent()).toContain('Apps · 2 messages')
    expect(await result('VPC peering').getByTestId('result-projects').textContent()).toContain('Infra')
    const snippet = result('VPC peering').getByTestId('search-snippet')
    expect(await snippet.locator('mark').allTextContents()).toEqual(['502'])
    expect(await snippet.locator('i').count()).toBe(0)
    expect(await snippet.textContent()).toContain('502 & more')

    await page.reload()
    await expect.poll(() => resultNames(page)).toEqual(['Deploys', 'VPC peering'])
    expect(await page.getByLabel('Search all chats').inputValue()).toBe('502')
    await result('VPC peering').getByRole('link', { name: 'VPC peering' }).click()
    await expect.poll(() => new URL(page.url()).searchParams.get('m')).toBe(String(hit!.id))
    await expect.poll(() => page.locator(`[data-message-id="${hit!.id}"]`).getAttribute('class')).toContain('found')
  })

  it('"Select all N matching" deletes exactly the chats the query and filters found; the dialog names them', async () => {
    const user = await signUpAs('select-matching@example.com')
    const project = await createProject(user, 'Deploys')
    const specs: [string, string][] = [
      ...Array.from({ length: 105 }, (_, i): [string, string] => [`deploy ${String(i + 1).padStart(3, '0')}`, GEMMA]),
      ['deploy llama 1', LLAMA], ['deploy llama 2', LLAMA], ['rollback plan', GEMMA], ['incident notes', GEMMA],
    ]
    for (let i = 0; i < specs.length; i += 10) {
      await Promise.all(specs.slice(i, i + 10).map(([name, model]) => createChat(user, project.id, name, model)))
    }
    const page = await open(`/projects/${project.id}?q=deploy&model=${encodeURIComponent(GEMMA)}`, { user })
    await expect.poll(() => page.getByTestId('row-count').textContent()).toContain('105 of 109 chats')
    expect(await page.getByTestId('search-announcement').textContent()).toContain('105 chats match')
    await page.getByTestId('select-all').check()
    const bar = page.getByTestId('selection-bar')
    await bar.getByTestId('select-all-in-project').click()
    expect(await bar.textContent()).toContain('All 105 chats selected')
    await bar.getByRole('button', { name: 'Delete 105 chats' }).click()
    const confirm = page.getByRole('alertdialog')
    await expect.poll(() => confirm.textContent()).toContain(`Delete all 105 chats matching “deploy” with model ${GEMMA} and all their messages?`)
    await confirm.getByRole('button', { name: 'Delete 105 chats' }).click()
    await expect.poll(() => page.getByTestId('bulk-summary').textContent()).toContain('Deleted 105 chats.')
    await expect.poll(() => apiNames(user, project.id)).toEqual(['deploy llama 1', 'deploy llama 2', 'incident notes', 'rollback plan'])
  })

  it('on a phone each chat is two lines: name and time, then its last message and count', async () => {
    const user = await signUpAs('phone-search@example.com')
    const project = await createProject(user, 'Phone')
    for (let i = 0; i < 12; i += 6) {
      await Promise.all(Array.from({ length: 6 }, async (_, j) => {
        const chat = await createChat(user, project.id, `Runbook ${i + j + 1} with a rather long name that cannot fit`)
        await addMessages(user, chat.id, [{ actor: 'user', message: `How do I restart the ingress controller number ${i + j + 1} without downtime?` }])
      }))
    }
    const page = await open(`/projects/${project.id}`, { user, viewport: MOBILE })
    await page.getByRole('heading', { name: 'Phone' }).waitFor()
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
    const boxes = await page.locator('tbody tr[data-chat-id]').evaluateAll(rows => rows.map((tr) => {
      const box = (selector: string) => tr.querySelector(selector)!.getBoundingClientRect()
      const name = box('[data-testid="chat-name"]')
      const preview = box('[data-testid="chat-preview"]')
      const updated = box('td.col-updated')
      const count = box('[data-testid="message-count"]')
      return { height: tr.getBoundingClientRect().height, name, preview, updated, count }
    }))
    expect(boxes).toHaveLength(12)
    for (const { height, name, preview, updated, count } of boxes) {
      // About ten chats to a 812 px screen.
      expect(height).toBeLessThanOrEqual(64)
      // Line 1: the name (one line, cut short) beside the time; line 2: the preview beside the count.
      expect(name.height).toBeLessThan(26)
      expect(preview.height).toBeLessThan(24)
      expect(preview.top).toBeGreaterThanOrEqual(name.bottom - 1)
      expect(Math.abs(updated.top + updated.height / 2 - (name.top + name.height / 2))).toBeLessThan(8)
      expect(Math.abs(count.top + count.height / 2 - (preview.top + preview.height / 2))).toBeLessThan(8)
      expect(updated.left).toBeGreaterThanOrEqual(name.right - 1)
    }
  })
})
