import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { signUp, type TestUser } from '../helpers/client'
import { addMessages, createChat, createProject, listMessages } from '../helpers/fixtures'
import { DESKTOP, MOBILE, screenshot, signUpAs, toast, useBrowser } from './browser'

const { open } = useBrowser()

async function chatWith(user: TestUser, messages: Parameters<typeof addMessages>[2]) {
  const project = await createProject(user, 'Platform')
  const chat = await createChat(user, project.id, 'Kubernetes pod stuck in CrashLoopBackOff', 'meta-llama/Llama-3.3-70B-Instruct')
  const added = messages.length ? await addMessages(user, chat.id, messages) : []
  return { projectId: project.id, chatId: chat.id, added }
}

function shownIds(page: Page): Promise<number[]> {
  return page.locator('li[data-message-id]').evaluateAll(items => items.map(item => Number(item.getAttribute('data-message-id'))))
}

function highlightedIds(page: Page): Promise<number[]> {
  return page.locator('li.will-delete').evaluateAll(items => items.map(item => Number(item.getAttribute('data-message-id'))))
}

const ANSWER = [
  'Check the last state first:',
  '',
  '```bash',
  'kubectl describe pod api-7d9f',
  '```',
  '',
  'Raw HTML stays text: <img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script>',
  '',
  'Docs: https://kubernetes.io/docs/',
].join('\n')

describe('a chat', () => {
  it('opened from a bare link, shows its own name and model and links back to its project', async () => {
    const user = await signUp()
    const { projectId, chatId } = await chatWith(user, ['user', 'assistant'])
    const page = await open(`/chats/${chatId}`, { user })
    await page.getByRole('heading', { level: 1, name: 'Kubernetes pod stuck in CrashLoopBackOff' }).waitFor()
    expect(await page.getByText('meta-llama/Llama-3.3-70B-Instruct').count()).toBe(1)
    const back = page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Platform' })
    expect(await back.getAttribute('href')).toBe(`/projects/${projectId}`)
  })

  it('shows the messages in order, tells the actors apart, renders assistant Markdown safely; screenshot', async () => {
    const user = await signUpAs('alex@platform-team.example')
    const { projectId, chatId, added } = await chatWith(user, [
      { actor: 'system', message: 'You are a helpful DevOps assistant.' },
      { actor: 'user', message: 'My pod restarts every minute. Why?' },
      { actor: 'assistant', message: ANSWER },
      { actor: 'user', message: 'It says OOMKilled.' },
      { actor: 'assistant', message: 'Raise the memory **limit** or fix the leak:\n\n```yaml\nresources:\n  limits:\n    memory: 512Mi\n```' },
    ])
    const page = await open(`/chats/${chatId}?project=${projectId}`, { user })
    await page.getByRole('heading', { name: 'Kubernetes pod stuck in CrashLoopBackOff' }).waitFor()
    expect(await shownIds(page)).toEqual(added.map(m => m.id))
    expect(await page.locator('li[data-message-id]').evaluateAll(items => items.map(item => item.getAttribute('data-actor'))))
      .toEqual(['system', 'user', 'assistant', 'user', 'assistant'])
    expect(await page.locator('li.message-system .actor-badge').textContent()).toBe('System')

    const answer = page.locator(`li[data-message-id="${added[2]!.id}"]`)
    expect(await answer.locator('pre code').textContent()).toContain('kubectl describe pod api-7d9f')
    expect(await answer.locator('img, script').count()).toBe(0)
    expect(await answer.textContent()).toContain('<img src=x onerror="window.__pwned=1">')
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined()
    const link = answer.getByRole('link', { name: 'https://kubernetes.io/docs/' })
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer')
    expect(await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Platform', exact: true }).getAttribute('href')).toBe(`/projects/${projectId}`)
    await screenshot(page, 'chat.png')
  })

  it.each([['desktop', DESKTOP], ['phone', MOBILE]] as const)('the composer says what it does (%s): it adds a user message to the record, and no model answers', async (_, viewport) => {
    const user = await signUp()
    const { chatId } = await chatWith(user, [])
    const page = await open(`/chats/${chatId}`, { user, viewport })
    await page.getByText('No messages in this chat\'s record yet.').waitFor()
    await page.getByText('No model answers on this page.').waitFor()
    const box = page.getByLabel('Add a message to this chat\'s record')
    expect(await box.getAttribute('placeholder')).toBe('A user message to add to the record…')
    // The note is the box's description: a screen reader hears it with the label.
    expect(await box.evaluate(element => document.getElementById(element.getAttribute('aria-describedby')!)?.textContent)).toContain('No model is connected here')
    expect(await page.getByRole('button', { name: 'Send' }).count()).toBe(0)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width)

    await box.fill('How do I read the previous container\'s logs?')
    await page.keyboard.press('Control+Enter')
    await page.locator('li[data-actor="user"]').filter({ hasText: 'previous container' }).waitFor()
    expect(await box.inputValue()).toBe('')
    expect(await listMessages(user, chatId)).toMatchObject([{ actor: 'user', message: 'How do I read the previous container\'s logs?' }])
    // Nothing answers: still exactly the one message, here and on the server.
    await box.fill('And the one before?')
    await page.getByRole('button', { name: 'Add message' }).click()
    await expect.poll(() => shownIds(page).then(ids => ids.length)).toBe(2)
    expect((await listMessages(user, chatId)).map(m => m.actor)).toEqual(['user', 'user'])
  })

  it('deletes the last exchange: highlights the prompt and its answer, asks, trims with expected_last_message_id', async () => {
    const user = await signUp()
    const { chatId, added } = await chatWith(user, ['system', 'user', 'assistant', 'user', 'assistant'])
    const page = await open(`/chats/${chatId}`, { user })
    await page.getByRole('button', { name: 'Delete last exchange' }).click()
    const confirm = page.getByRole('alertdialog')
    await confirm.waitFor()
    expect(await highlightedIds(page)).toEqual([added[3]!.id, added[4]!.id])
    expect(await confirm.textContent()).toContain('The highlighted prompt and its answer will be deleted. This cannot be undone.')

    const trimmed = page.waitForResponse(response => response.request().method() === 'DELETE')
    await confirm.getByRole('button', { name: 'Delete 2 messages' }).click()
    const response = await trimmed
    expect(new URL(response.url()).searchParams.get('expected_last_message_id')).toBe(String(added[4]!.id))
    expect(response.status()).toBe(200)
    await toast(page).filter({ hasText: 'Deleted 2 messages' }).waitFor()
    await expect.poll(() => shownIds(page)).toEqual(added.slice(0, 3).map(m => m.id))
    expect(await highlightedIds(page)).toEqual([])
    expect((await listMessages(user, chatId)).map(m => m.id)).toEqual(added.slice(0, 3).map(m => m.id))
  })

  it('deletes exactly the trailing user messages of a chat ending in an unanswered prompt', async () => {
    const user = await signUp()
    const { chatId, added } = await chatWith(user, ['user', 'assistant', 'user', 'system', 'user'])
    const page = await open(`/chats/${chatId}`, { user })
    await page.getByRole('button', { name: 'Delete last exchange' }).click()
    const confirm = page.getByRole('alertdialog')
    await confirm.waitFor()
    expect(await highlightedIds(page)).toEqual([added[2]!.id, added[4]!.id])
    expect(await confirm.textContent()).toContain('The 2 unanswered messages highlighted will be deleted.')
    await confirm.getByRole('button', { name: 'Delete 2 messages' }).click()
    await toast(page).filter({ hasText: 'Deleted 2 messages' }).waitFor()
    const kept = [added[0]!.id, added[1]!.id, added[3]!.id]
    await expect.poll(() => shownIds(page)).toEqual(kept)
    expect((await listMessages(user, chatId)).map(m => m.id)).toEqual(kept)
  })

  it('a chat changed elsewhere: 409, nothing deleted, the messages reload and a toast says so', async () => {
    const user = await signUp()
    const { chatId, added } = await chatWith(user, ['user', 'assistant'])
    // Live updates would have shown the change at once (tests/browser/live.test.ts); this is the
    // fallback when the socket is down.
    const page = await open(`/chats/${chatId}`, { user, liveUpdates: false })
    await expect.poll(() => shownIds(page)).toEqual(added.map(m => m.id))
    const [late] = await addMessages(user, chatId, [{ actor: 'user', message: 'Sent from another tab' }])

    await page.getByRole('button', { name: 'Delete last exchange' }).click()
    const refused = page.waitForResponse(response => response.request().method() === 'DELETE')
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete 2 messages' }).click()
    expect((await refused).status()).toBe(409)
    await toast(page).filter({ hasText: 'This chat changed' }).waitFor()
    await expect.poll(() => shownIds(page)).toEqual([...added.map(m => m.id), late!.id])
    expect((await listMessages(user, chatId)).length).toBe(3)
  })

  it.each([['desktop', DESKTOP], ['phone', MOBILE]] as const)('on a chat with nothing to trim (%s) the trim button is disabled, with the reason beside it', async (_, viewport) => {
    const user = await signUp()
    const { chatId } = await chatWith(user, ['system'])
    const page = await open(`/chats/${chatId}`, { user, viewport })
    const trim = page.getByRole('button', { name: 'Delete last exchange' })
    expect(await trim.isDisabled()).toBe(true)
    const reason = await trim.evaluate(button => document.getElementById(button.getAttribute('aria-describedby') ?? '')?.textContent?.trim())
    expect(reason).toBe('Nothing to delete: this chat has no exchange yet.')
    expect(await page.getByText('Nothing to delete: this chat has no exchange yet.').isVisible()).toBe(true)

    // A message added makes something to trim: the button wakes up and the reason goes.
    await page.getByLabel('Add a message to this chat\'s record').fill('Is the cluster up?')
    await page.getByRole('button', { name: 'Add message' }).click()
    await expect.poll(() => trim.isDisabled()).toBe(false)
    expect(await trim.getAttribute('aria-describedby')).toBeNull()
    expect(await page.getByText('Nothing to delete: this chat has no exchange yet.').count()).toBe(0)
    expect((await listMessages(user, chatId)).length).toBe(2)
  })
})
