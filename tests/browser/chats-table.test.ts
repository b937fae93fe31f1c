import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { signUp } from '../helpers/client'
import { createProject } from '../helpers/fixtures'
import { addMessages, DEVOPS_CHATS, MOBILE, row, rowNames, screenshot, seedProject, signUpAs, toast, useBrowser } from './browser'

const { open } = useBrowser()

const NAMES = DEVOPS_CHATS.map(([name]) => name)
/** The default order, updated_at:desc: newest first, i.e. the reverse of creation. */
const NEWEST_FIRST = [...NAMES].reverse()

async function apiChatNames(user: Awaited<ReturnType<typeof signUp>>, projectId: number): Promise<string[]> {
  const response = await user.call('GET', `/api/users/${user.id}/projects/${projectId}/chats?order_by=updated_at:desc`)
  expect(response.status).toBe(200)
  return response.body.chats.map((chat: { name: string }) => chat.name)
}

function orderByOf(page: Page): string | null {
  return new URL(page.url()).searchParams.get('order_by')
}

/** Waits for the list request a sort click makes, with this order_by sent to the API; answers its status. */
function listRequest(page: Page, orderBy: string) {
  return page.waitForResponse(response => response.request().method() === 'GET'
    && /\/projects\/\d+\/chats$/.test(new URL(response.url()).pathname)
    && new URL(response.url()).searchParams.get('order_by') === orderBy)
    .then(response => response.status())
}

/** Waits for the list request the filter box makes for `q`; answers its status. */
function filterRequest(page: Page, q: string) {
  return page.waitForResponse(response => response.request().method() === 'GET'
    && /\/projects\/\d+\/chats$/.test(new URL(response.url()).pathname)
    && new URL(response.url()).searchParams.get('q') === q)
    .then(response => response.status())
}

async function dialog(page: Page) {
  const element = page.getByRole('alertdialog')
  await element.waitFor()
  return element
}

async function activeText(page: Page) {
  return page.evaluate(() => document.activeElement?.textContent?.trim() ?? '')
}

describe('a project\'s chats', () => {
  it('lists the chats with name, model and relative times (exact time on hover); desktop screenshot', async () => {
    const user = await signUpAs('dana@platform-team.example')
    const { projectId, chats } = await seedProject(user)
    await addMessages(user, chats[0]!.id, ['user', 'assistant'])
    const page = await open(`/projects/${projectId}`, { user })
    await page.getByRole('heading', { name: 'Platform' }).waitFor()
    // Adding messages moved "Terraform drift" to the top of updated_at:desc.
    expect(await rowNames(page)).toEqual(['Terraform drift', ...NEWEST_FIRST.filter(name => name !== 'Terraform drift')])
    const first = row(page, 'Helm values')
    expect(await first.locator('.model').textContent()).toBe('mistralai/Mixtral-8x7B-Instruct-v0.1')
    const updated = first.locator('td.col-updated time')
    expect(await updated.textContent()).toMatch(/just now|seconds? ago|minutes? ago/)
    expect(await updated.getAttribute('title')).toMatch(/\d{4}, \d{1,2}:\d{2}:\d{2}/)
    expect(await updated.getAttribute('datetime')).toBe(chats[3]!.updated_at)
    expect(await page.getByTestId('row-count').textContent()).toContain('6 chats')

    await row(page, 'Kubernetes CrashLoop').getByRole('checkbox').check()
    await row(page, 'Docker layers').getByRole('checkbox').check()
    await page.getByTestId('selection-bar').waitFor()
    await screenshot(page, 'chats-desktop.png')
  })

  it('sorts by name both ways, then by two columns with shift-click; the sort is in the URL and survives a reload', async () => {
    const user = await signUp()
    const { projectId } = await seedProject(user)
    const page = await open(`/projects/${projectId}`, { user })
    await page.getByRole('heading', { name: 'Platform' }).waitFor()
    expect(await rowNames(page)).toEqual(NEWEST_FIRST)
    const header = (column: string) => page.locator(`button[data-sort-column="${column}"]`)

    let request = listRequest(page, 'name:asc')
    await header('name').click()
    expect(await request).toBe(200)
    await expect.poll(() => rowNames(page)).toEqual([...NAMES].sort())
    expect(orderByOf(page)).toBe('name:asc')
    expect(await page.locator('th[aria-sort="ascending"]').textContent()).toContain('Name')

    request = listRequest(page, 'name:desc')
    await header('name').click()
    expect(await request).toBe(200)
    await expect.poll(() => rowNames(page)).toEqual([...NAMES].sort().reverse())
    expect(orderByOf(page)).toBe('name:desc')

    // Model A→Z, then (shift) name A→Z inside each model, then name flipped in place.
    const byModelThenName = (direction: 1 | -1) => [...DEVOPS_CHATS]
      .sort(([nameA, modelA], [nameB, modelB]) => modelA.localeCompare(modelB) || direction * nameA.localeCompare(nameB))
      .map(([name]) => name)
    request = listRequest(page, 'model:asc')
    await header('model').click()
    expect(await request).toBe(200)
    expect(orderByOf(page)).toBe('model:asc')
    request = listRequest(page, 'model:asc,name:asc')
    await header('name').click({ modifiers: ['Shift'] })
    expect(await request).toBe(200)
    await expect.poll(() => rowNames(page)).toEqual(byModelThenName(1))
    request = listRequest(page, 'model:asc,name:desc')
    await header('name').click({ modifiers: ['Shift'] })
    expect(await request).toBe(200)
    expect(orderByOf(page)).toBe('model:asc,name:desc')
    await expect.poll(() => rowNames(page)).toEqual(byModelThenName(-1))

    await page.reload()
    await page.getByRole('heading', { name: 'Platform' }).waitFor()
    expect(orderByOf(page)).toBe('model:asc,name:desc')
    expect(await rowNames(page)).toEqual(byModelThenName(-1))
    expect(await page.locator('th[aria-sort="ascending"]').textContent()).toContain('Model')

    // A shared link with a sort opens sorted (server-rendered), even in a fresh browser.
    const shared = await open(`/projects/${projectId}?order_by=updated_at:asc`, { user })
    expect(await rowNames(shared)).toEqual(NAMES)
  })

  it('narrows the rows by name as you type; / focuses the search and Escape clears it', async () => {
    const user = await signUp()
    const { projectId } = await seedProject(user)
    const page = await open(`/projects/${projectId}`, { user })
    const filter = page.getByLabel('Search chats')
    await page.keyboard.press('/')
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('chat-filter')
    // Each step waits for the list the typed text asks for (however long the debounce and the
    // server take), then for the rows it holds.
    let listed = filterRequest(page, 'e')
    await filter.pressSequentially('e')
    expect(await listed).toBe(200)
    await expect.poll(() => rowNames(page)).toEqual(NEWEST_FIRST.filter(name => name.toLowerCase().includes('e')))
    listed = filterRequest(page, 'err')
    await filter.pressSequentially('rr')
    expect(await listed).toBe(200)
    await expect.poll(() => rowNames(page)).toEqual(['Terraform drift'])
    await expect.poll(() => page.getByTestId('row-count').textContent()).toContain('1 of 6 chats')
    await filter.fill('zzz')
    await page.getByText('No chats matching “zzz”.').waitFor()
    await page.getByRole('button', { name: 'Clear search' }).click()
    await expect.poll(() => rowNames(page)).toEqual(NEWEST_FIRST)
    await filter.fill('terraform')
    await expect.poll(() => rowNames(page)).toEqual(['Terraform drift'])
    await filter.press('Escape')
    expect(await filter.inputValue()).toBe('')
    await expect.poll(() => rowNames(page)).toEqual(NEWEST_FIRST)
  })

  it('selects three with shift-click and deletes them after confirming: gone at once, and after a reload', async () => {
    const user = await signUp()
    const { projectId, chats } = await seedProject(user)
    await addMessages(user, chats[4]!.id, [{ actor: 'user', message: 'How do I warm the Bazel cache?' }])
    const page = await open(`/projects/${projectId}?order_by=created_at:asc`, { user })
    expect(await rowNames(page)).toEqual(NAMES)

    // Kubernetes CrashLoop, Helm values, Bazel cache: rows 3 to 5.
    await row(page, 'Kubernetes CrashLoop').getByRole('checkbox').click()
    await row(page, 'Bazel cache').getByRole('checkbox').click({ modifiers: ['Shift'] })
    const bar = page.getByTestId('selection-bar')
    expect(await bar.textContent()).toContain('3 selected')
    await bar.getByRole('button', { name: 'Delete 3 chats' }).click()

    const confirm = await dialog(page)
    expect(await confirm.textContent()).toContain('Delete 3 chats: Kubernetes CrashLoop, Helm values, Bazel cache? Deleted in 1 s — you can undo until then.')
    await expect.poll(() => activeText(page)).toBe('Cancel')

    // "Export, then delete" is the dialog's second action (tests/browser/keep-export.test.ts).
    expect(await confirm.getByRole('button', { name: 'Export, then delete' }).count()).toBe(1)

    // The rows leave before the server has answered.
    let release!: () => void
    const held = new Promise<void>(resolve => (release = resolve))
    await page.route('**/chats', async (route) => {
      if (route.request().method() === 'DELETE') await held
      await route.continue()
    })
    const deleted = page.waitForResponse(response => response.request().method() === 'DELETE')
    await confirm.getByRole('button', { name: 'Delete 3 chats' }).click()
    await expect.poll(() => rowNames(page)).toEqual(['Terraform drift', 'Ansible idempotency', 'Docker layers'])
    release()
    expect((await deleted).status()).toBe(200)
    expect(JSON.parse((await deleted).request().postData()!)).toEqual({ chat_ids: [chats[2]!.id, chats[3]!.id, chats[4]!.id] })
    await toast(page).filter({ hasText: 'Deleted 3 chats' }).waitFor()
    expect(await page.getByTestId('selection-bar').count()).toBe(0)

    await page.reload()
    expect(await rowNames(page)).toEqual(['Terraform drift', 'Ansible idempotency', 'Docker layers'])
    expect(await apiChatNames(user, projectId)).toEqual(['Docker layers', 'Ansible idempotency', 'Terraform drift'])
  })

  it('deletes nothing when the dialog is cancelled (button or Escape), and gives focus back', async () => {
    const user = await signUp()
    const { projectId } = await seedProject(user)
    const page = await open(`/projects/${projectId}`, { user })
    await row(page, 'Docker layers').getByRole('checkbox').check()
    await row(page, 'Bazel cache').getByRole('checkbox').check()
    const deleteButton = page.getByRole('button', { name: 'Delete 2 chats' })
    await deleteButton.click()
    await (await dialog(page)).getByRole('button', { name: 'Cancel' }).click()
    await page.getByRole('alertdialog').waitFor({ state: 'hidden' })
    await expect.poll(() => activeText(page)).toBe('Delete 2 chats')
    expect(await page.getByTestId('selection-bar').textContent()).toContain('2 selected')

    await row(page, 'Helm values').getByRole('button', { name: 'Delete Helm values' }).click()
    await dialog(page)
    await page.keyboard.press('Escape')
    await page.getByRole('alertdialog').waitFor({ state: 'hidden' })
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Delete Helm values')

    expect(await rowNames(page)).toEqual(NEWEST_FIRST)
    expect(await apiChatNames(user, projectId)).toEqual(NEWEST_FIRST)
  })

  it('deletes one chat from its row', async () => {
    const user = await signUp()
    const { projectId, chats } = await seedProject(user)
    const page = await open(`/projects/${projectId}`, { user })
    await row(page, 'Terraform drift').getByRole('button', { name: 'Delete Terraform drift' }).click()
    const confirm = await dialog(page)
    expect(await confirm.textContent()).toContain('Delete “Terraform drift” and all its messages? Deleted in 1 s — you can undo until then.')
    const deleted = page.waitForResponse(response => response.request().method() === 'DELETE')
    await confirm.getByRole('button', { name: 'Delete chat' }).click()
    expect(new URL((await deleted).url()).pathname).toBe(`/api/users/${user.id}/projects/${projectId}/chats/${chats[0]!.id}`)
    await toast(page).filter({ hasText: 'Deleted “Terraform drift”' }).waitFor()
    expect(await rowNames(page)).toEqual(NEWEST_FIRST.filter(name => name !== 'Terraform drift'))
    expect(await apiChatNames(user, projectId)).toEqual(NEWEST_FIRST.filter(name => name !== 'Terraform drift'))
  })

  it('a chat deleted in another tab: the batch is refused, the toast gives the server\'s message, the other rows come back in place', async () => {
    const user = await signUp()
    const { projectId, chats } = await seedProject(user)
    // Live updates would have shown the change at once (tests/browser/live.test.ts); this is the
    // fallback when the socket is down.
    const page = await open(`/projects/${projectId}?order_by=name:asc`, { user, liveUpdates: false })
    const sorted = [...NAMES].sort()
    expect(await rowNames(page)).toEqual(sorted)

    // "Another tab" deletes Docker layers after this page loaded.
    const elsewhere = await user.call('DELETE', `/api/users/${user.id}/projects/${projectId}/chats/${chats[5]!.id}`)
    expect(elsewhere.status).toBe(200)

    await row(page, 'Bazel cache').getByRole('checkbox').click()
    await row(page, 'Helm values').getByRole('checkbox').click({ modifiers: ['Shift'] })
    expect(await page.getByTestId('selection-bar').textContent()).toContain('3 selected')
    await page.getByRole('button', { name: 'Delete 3 chats' }).click()
    const refused = page.waitForResponse(response => response.request().method() === 'DELETE')
    await (await dialog(page)).getByRole('button', { name: 'Delete 3 chats' }).click()
    const response = await refused
    expect(response.status()).toBe(404)
    expect(await response.json()).toMatchObject({ message: 'Chat not found', data: { missing_chat_ids: [chats[5]!.id] } })

    const message = toast(page).filter({ hasText: 'Chat not found' })
    await message.waitFor()
    expect(await message.getAttribute('data-kind')).toBe('error')
    expect(await message.textContent()).toContain('Nothing was deleted')
    // Bazel cache and Helm values are back where they were, still selected; Docker layers is gone.
    await expect.poll(() => rowNames(page)).toEqual(sorted.filter(name => name !== 'Docker layers'))
    expect(await page.getByTestId('selection-bar').textContent()).toContain('2 selected')
    expect(await apiChatNames(user, projectId)).toEqual(NEWEST_FIRST.filter(name => name !== 'Docker layers'))
    await page.reload()
    expect(await rowNames(page)).toEqual(sorted.filter(name => name !== 'Docker layers'))
  })

  it('the table is one tab stop, an ARIA grid: arrows move, Space selects, Shift+arrows extend, Escape clears, Delete deletes after confirming; ? lists the shortcuts', async () => {
    const user = await signUp()
    const { projectId } = await seedProject(user)
    const page = await open(`/projects/${projectId}`, { user })
    await page.getByRole('heading', { name: 'Platform' }).waitFor()
    expect(await page.locator('table[role="grid"][aria-multiselectable="true"]').count()).toBe(1)
    const focusedId = () => page.evaluate(() => document.activeElement?.closest('tr')?.getAttribute('data-chat-id') ?? null)
    const focusedName = () => page.evaluate(() => document.activeElement?.closest('tr')?.querySelector('[data-testid="chat-name"]')?.textContent?.trim() ?? null)
    const inTable = () => page.evaluate(() => document.activeElement?.closest('table') !== null)
    const selectedNames = () => page.locator('tbody tr[aria-selected="true"] [data-testid="chat-name"]').allTextContents().then(names => names.map(name => name.trim()))

    // Tab reaches the first row; one more Tab leaves the table (six rows, one stop).
    for (let i = 0; i < 40 && !await inTable(); i++) await page.keyboard.press('Tab')
    await expect.poll(focusedName).toBe(NEWEST_FIRST[0])
    expect(await page.locator('table [tabindex="0"]').count()).toBe(1)
    await page.keyboard.press('Tab')
    await expect.poll(inTable).toBe(false)
    await page.keyboard.press('Shift+Tab')
    await expect.poll(focusedName).toBe(NEWEST_FIRST[0])

    // Arrows move; Space selects; Shift+↓ extends, Shift+↑ shrinks the range back.
    await page.keyboard.press('ArrowDown')
    await expect.poll(focusedName).toBe(NEWEST_FIRST[1])
    await page.keyboard.press('Space')
    await page.keyboard.press('Shift+ArrowDown')
    await page.keyboard.press('Shift+ArrowDown')
    await page.keyboard.press('Shift+ArrowDown')
    expect(await selectedNames()).toEqual(NEWEST_FIRST.slice(1, 5))
    await page.keyboard.press('Shift+ArrowUp')
    expect(await selectedNames()).toEqual(NEWEST_FIRST.slice(1, 4))
    await expect.poll(focusedName).toBe(NEWEST_FIRST[3])
    expect(await page.getByTestId('selection-bar').textContent()).toContain('3 selected')
    // The focused row keeps the one tab stop as focus moves.
    expect(await page.locator('table [tabindex="0"]').evaluate(element => element.closest('tr')?.getAttribute('data-chat-id'))).toBe(await focusedId())

    // ← / → walk the row's controls; ↑ from the first row reaches the header.
    await page.keyboard.press('ArrowRight')
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('checkbox')
    await page.keyboard.press('ArrowRight')
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('chat-name')
    await page.keyboard.press('ArrowLeft')
    await page.keyboard.press('ArrowLeft')
    await expect.poll(focusedName).toBe(NEWEST_FIRST[3])
    await page.keyboard.press('Home')
    await expect.poll(focusedName).toBe(NEWEST_FIRST[0])
    await page.keyboard.press('ArrowUp')
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('select-all')
    await page.keyboard.press('ArrowRight')
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-sort-column'))).toBe('name')
    await page.keyboard.press('ArrowDown')
    await expect.poll(focusedName).toBe(NEWEST_FIRST[0])
    await page.keyboard.press('End')
    await expect.poll(focusedName).toBe(NEWEST_FIRST[5])

    // Escape clears the selection.
    await page.keyboard.press('Escape')
    await page.getByTestId('selection-bar').waitFor({ state: 'detached' })
    expect(await selectedNames()).toEqual([])

    // ? lists the shortcuts; Escape closes the list and focus comes back to the row.
    await page.keyboard.press('?')
    const shortcuts = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
    await shortcuts.waitFor()
    expect(await shortcuts.textContent()).toContain('Extend the selection')
    await page.keyboard.press('Escape')
    await shortcuts.waitFor({ state: 'hidden' })
    await expect.poll(focusedName).toBe(NEWEST_FIRST[5])

    // Select three from the bottom up, then Delete asks first (Cancel focused, Tab kept inside).
    await page.keyboard.press('Space')
    await page.keyboard.press('Shift+ArrowUp')
    await page.keyboard.press('Shift+ArrowUp')
    expect(await selectedNames()).toEqual(NEWEST_FIRST.slice(3))
    await page.keyboard.press('Delete')
    await dialog(page)
    expect(await activeText(page)).toBe('Cancel')
    await page.keyboard.press('Tab')
    expect(await activeText(page)).toBe('Export, then delete')
    await page.keyboard.press('Tab')
    expect(await activeText(page)).toBe('Delete 3 chats')
    await page.keyboard.press('Tab')
    expect(await activeText(page)).toBe('Cancel')
    await page.keyboard.press('Shift+Tab')
    expect(await activeText(page)).toBe('Delete 3 chats')
    const deleted = page.waitForResponse(response => response.request().method() === 'DELETE')
    await page.keyboard.press('Enter')
    expect((await deleted).status()).toBe(200)
    await expect.poll(() => rowNames(page)).toEqual(NEWEST_FIRST.slice(0, 3))
    // Focus stays in the table region rather than falling to the page.
    expect(await page.evaluate(() => document.activeElement?.closest('.table-wrap') !== null)).toBe(true)
    expect(await apiChatNames(user, projectId)).toEqual(NEWEST_FIRST.slice(0, 3))
  })

  it('reaches "Delete 3 chats" in the selection bar with one Tab from the table', async () => {
    const user = await signUp()
    const { projectId } = await seedProject(user)
    const page = await open(`/projects/${projectId}`, { user })
    await page.getByRole('heading', { name: 'Platform' }).waitFor()
    await page.locator('tbody tr').first().focus()
    await page.keyboard.press('Space')
    await page.keyboard.press('Shift+ArrowDown')
    await page.keyboard.press('Shift+ArrowDown')
    await page.keyboard.press('Tab')
    // The selection bar follows the table in reading order (it floats at the viewport's bottom).
    for (let i = 0; i < 3 && await activeText(page) !== 'Delete 3 chats'; i++) await page.keyboard.press('Tab')
    expect(await activeText(page)).toBe('Delete 3 chats')
  })

  it('opens a chat deleted in another tab: the 404 page, in the browser too', async () => {
    const user = await signUp()
    const { projectId, chats } = await seedProject(user)
    // Live updates would have shown the change at once (tests/browser/live.test.ts); this is the
    // fallback when the socket is down.
    const page = await open(`/projects/${projectId}`, { user, liveUpdates: false })
    expect((await user.call('DELETE', `/api/users/${user.id}/projects/${projectId}/chats/${chats[1]!.id}`)).status).toBe(200)
    await page.getByRole('link', { name: 'Ansible idempotency' }).click()
    await page.getByRole('heading', { name: 'Chat not found' }).waitFor()
    await page.getByText('This chat does not exist or is not yours. It may have been deleted, or it belongs to another account.').waitFor()
  })

  it('shows the empty state and creates a chat from the "New chat" dialog', async () => {
    const user = await signUp()
    const project = await createProject(user, 'Fresh')
    const page = await open(`/projects/${project.id}`, { user })
    await page.getByText('No chats in this project yet').waitFor()
    await page.getByRole('button', { name: 'New chat' }).first().click()
    const form = page.getByRole('dialog', { name: 'New chat' })
    await form.waitFor()
    await form.getByRole('button', { name: 'Create chat' }).click()
    await form.getByText('Give the chat a name').waitFor()
    await form.getByLabel('Name').fill('Istio mTLS')
    await form.getByLabel('Model').selectOption('Qwen/Qwen2.5-Coder-32B-Instruct')
    await form.getByRole('button', { name: 'Create chat' }).click()
    await page.waitForURL(url => url.pathname.startsWith('/chats/') && url.searchParams.get('project') === String(project.id))
    await page.getByRole('heading', { name: 'Istio mTLS' }).waitFor()
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Fresh' }).click()
    await expect.poll(() => rowNames(page)).toEqual(['Istio mTLS'])
  })

  it('works at 375 px wide (mobile screenshot)', async () => {
    const user = await signUpAs('sam@platform-team.example')
    const { projectId } = await seedProject(user)
    const page = await open(`/projects/${projectId}`, { user, viewport: MOBILE })
    await page.getByRole('heading', { name: 'Platform' }).waitFor()
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
    await row(page, 'Bazel cache').getByRole('checkbox').check()
    await page.getByTestId('selection-bar').waitFor()
    await screenshot(page, 'chats-mobile.png')
    await page.getByRole('button', { name: 'Delete 1 chat' }).click()
    await (await dialog(page)).getByRole('button', { name: 'Delete chat' }).click()
    await expect.poll(() => rowNames(page)).toEqual(NEWEST_FIRST.filter(name => name !== 'Bazel cache'))
  })
})
