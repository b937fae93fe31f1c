import { readFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { signUp, type TestUser } from '../helpers/client'
import { addMessages, listMessages } from '../helpers/fixtures'
import { unzipText } from '../helpers/zip'
import { MOBILE, row, rowNames, seedProject, toast, useBrowser } from './browser'

const { open } = useBrowser()

async function apiChats(user: TestUser, projectId: number): Promise<{ id: number, name: string, kept: boolean }[]> {
  const response = await user.call('GET', `/api/users/${user.id}/projects/${projectId}/chats?order_by=name:asc`)
  expect(response.status).toBe(200)
  return response.body.chats
}

function keepButton(page: Page, name: string) {
  return row(page, name).getByRole('button', { name: `Keep ${name}` })
}

function focusedName(page: Page) {
  return page.evaluate(() => document.activeElement?.closest('tr')?.querySelector('[data-testid="chat-name"]')?.textContent?.trim() ?? null)
}

/**
 * Watches the order of what "Export, then delete" does: the export's response read to its end,
 * the browser's download, and the DELETE. Each is the time (ms, this process's clock) it happened.
 */
function watchExportThenDelete(page: Page) {
  const seen: { exported?: number, downloaded?: number, deleted?: number, deleteCount: number, file?: Promise<Buffer>, filename?: string } = { deleteCount: 0 }
  page.on('requestfinished', (request) => {
    if (/\/export$/.test(new URL(request.url()).pathname)) seen.exported ??= performance.now()
  })
  page.on('request', (request) => {
    if (request.method() === 'DELETE') {
      seen.deleted ??= performance.now()
      seen.deleteCount++
    }
  })
  // The page hands the browser a blob it has read in full, so the download starts complete.
  page.on('download', (download) => {
    seen.downloaded = performance.now()
    seen.filename = download.suggestedFilename()
    seen.file = download.path().then(path => readFile(path!))
  })
  return seen
}

describe.each([['desktop', undefined], ['375 px', MOBILE]] as const)('keep, rename and export-then-delete (%s)', (_label, viewport) => {
  it('keeps chats with the pin and the p key, filters on kept, and the other tab follows live', async () => {
    const user = await signUp()
    const { projectId } = await seedProject(user)
    const page = await open(`/projects/${projectId}`, { user, viewport })
    const other = await open(`/projects/${projectId}`, { user, viewport })
    await other.locator('[data-testid="live-status"][data-live="on"]').waitFor()

    // The pin: a toggle button.
    expect(await keepButton(page, 'Helm values').getAttribute('aria-pressed')).toBe('false')
    await keepButton(page, 'Helm values').click()
    await expect.poll(() => keepButton(page, 'Helm values').getAttribute('aria-pressed')).toBe('true')
    await toast(page).filter({ hasText: 'Kept “Helm values”' }).waitFor()
    // Live in the other tab.
    await expect.poll(() => keepButton(other, 'Helm values').getAttribute('aria-pressed')).toBe('true')

    // p on the focused row, within the grid.
    await row(page, 'Docker layers').getByRole('checkbox').focus()
    await page.keyboard.press('ArrowLeft')
    await expect.poll(() => focusedName(page)).toBe('Docker layers')
    await page.keyboard.press('p')
    await expect.poll(() => keepButton(page, 'Docker layers').getAttribute('aria-pressed')).toBe('true')
    expect((await apiChats(user, projectId)).filter(chat => chat.kept).map(chat => chat.name)).toEqual(['Docker layers', 'Helm values'])

    // The "Kept" filter.
    await page.getByTestId('kept-filter').click()
    expect(await page.getByTestId('kept-filter').getAttribute('aria-pressed')).toBe('true')
    await expect.poll(() => rowNames(page)).toEqual(['Docker layers', 'Helm values'])
    expect(await page.getByTestId('row-count').textContent()).toContain('2 of 6 chats')
    // Unkept in the other tab: the row leaves the kept listing.
    await keepButton(other, 'Helm values').click()
    await expect.poll(() => rowNames(page)).toEqual(['Docker layers'])
    await page.getByTestId('kept-filter').click()
    await expect.poll(() => rowNames(page).then(names => names.length)).toBe(6)

    // ? lists p.
    await page.keyboard.press('?')
    const shortcuts = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
    await shortcuts.waitFor()
    expect(await shortcuts.textContent()).toContain('Keep the chat')
  })

  it('renames a chat from its heading (Enter saves, Escape cancels); the project list follows live', async () => {
    const user = await signUp()
    const { projectId, chats } = await seedProject(user)
    const list = await open(`/projects/${projectId}`, { user, viewport })
    await list.locator('[data-testid="live-status"][data-live="on"]').waitFor()
    const page = await open(`/chats/${chats[0]!.id}?project=${projectId}`, { user, viewport })
    await page.getByRole('heading', { level: 1, name: 'Terraform drift' }).waitFor()

    await page.getByRole('button', { name: 'Rename chat' }).click()
    const input = page.getByLabel('Chat name')
    expect(await input.inputValue()).toBe('Terraform drift')
    await input.fill('Nope')
    await input.press('Escape')
    await page.getByRole('heading', { level: 1, name: 'Terraform drift' }).waitFor()
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Rename chat')

    await page.keyboard.press('Enter')
    await input.fill('Terraform drift in prod')
    await input.press('Enter')
    await page.getByRole('heading', { level: 1, name: 'Terraform drift in prod' }).waitFor()
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Rename chat')
    expect((await apiChats(user, projectId)).map(chat => chat.name)).toContain('Terraform drift in prod')
    await row(list, 'Terraform drift in prod').waitFor()
  })

  it('"Export, then delete" on one chat: the ZIP is downloaded whole, then the chat is deleted', async () => {
    const user = await signUp()
    const { projectId, chats } = await seedProject(user)
    const helm = chats.find(chat => chat.name === 'Helm values')!
    await addMessages(user, helm.id, [{ actor: 'user', message: 'Which values file wins?' }, { actor: 'assistant', message: 'The last -f.' }])
    const page = await open(`/projects/${projectId}`, { user, viewport })
    const seen = watchExportThenDelete(page)

    await row(page, 'Helm values').getByRole('button', { name: 'Delete Helm values' }).click()
    const confirm = page.getByRole('alertdialog')
    await confirm.getByRole('button', { name: 'Export, then delete' }).click()
    await row(page, 'Helm values').waitFor({ state: 'detached' })
    await expect.poll(() => seen.deleteCount).toBe(1)
    await expect.poll(async () => (await apiChats(user, projectId)).map(chat => chat.name)).not.toContain('Helm values')

    // The order: the export read to its end, saved by the browser, and only then the DELETE.
    expect(seen.exported).toBeLessThan(seen.deleted!)
    expect(seen.downloaded).toBeDefined()
    expect(seen.downloaded).toBeLessThan(seen.deleted!)
    expect(seen.filename).toMatch(/^neptun-chat-[0-9a-f-]{36}-\d{4}-\d{2}-\d{2}\.zip$/)
    const files = await unzipText(await seen.file!)
    const json = JSON.parse(files.get(`chats/${helm.uuid}.json`)!)
    expect(json.chat.name).toBe('Helm values')
    expect(json.messages.map((m: { message: string }) => m.message)).toEqual(['Which values file wins?', 'The last -f.'])
  })

  it('a failed export deletes nothing and says so: aborted, then cut off; a selection exports as one ZIP', async () => {
    const user = await signUp()
    const { projectId, chats } = await seedProject(user)
    const page = await open(`/projects/${projectId}`, { user, viewport })
    const seen = watchExportThenDelete(page)

    await row(page, 'Helm values').getByRole('checkbox').check()
    await row(page, 'Bazel cache').getByRole('checkbox').check()
    await page.getByTestId('selection-bar').getByRole('button', { name: 'Delete 2 chats' }).click()
    const confirm = page.getByRole('alertdialog')

    // The export request fails (held first, to see the button say what runs).
    let release!: () => void
    const held = new Promise<void>(resolve => (release = resolve))
    await page.route('**/export', async (route) => {
      await held
      await route.abort('connectionreset')
    })
    await confirm.getByRole('button', { name: 'Export, then delete' }).click()
    await confirm.getByRole('button', { name: 'Exporting…' }).waitFor()
    expect(await confirm.getByRole('button', { name: 'Delete 2 chats' }).isDisabled()).toBe(true)
    release()
    await confirm.getByTestId('confirm-error').filter({ hasText: 'Nothing was deleted.' }).waitFor()
    // The export answers 200 but its body stops short of the ZIP's end.
    await page.unroute('**/export')
    await page.route('**/export', async (route) => {
      const response = await route.fetch()
      const body = await response.body()
      await route.fulfill({ response, body: body.subarray(0, body.length - 10) })
    })
    await confirm.getByRole('button', { name: 'Export, then delete' }).click()
    await confirm.getByTestId('confirm-error').filter({ hasText: 'The export was cut off. Nothing was deleted.' }).waitFor()
    expect(seen.deleteCount).toBe(0)
    expect(seen.downloaded).toBeUndefined()
    expect((await apiChats(user, projectId)).length).toBe(6)
    expect(await row(page, 'Helm values').count()).toBe(1)

    // A working export, then the two are deleted.
    await page.unroute('**/export')
    await confirm.getByRole('button', { name: 'Export, then delete' }).click()
    await expect.poll(() => seen.deleteCount).toBe(1)
    expect(seen.downloaded).toBeLessThan(seen.deleted!)
    const names = [...(await unzipText(await seen.file!)).keys()].sort()
    const uuids = chats.filter(chat => chat.name === 'Helm values' || chat.name === 'Bazel cache').map(chat => chat.uuid)
    expect(names).toEqual(['manifest.json', ...uuids.flatMap(uuid => [`chats/${uuid}.json`, `chats/${uuid}.md`])].sort())
    await expect.poll(async () => (await apiChats(user, projectId)).length).toBe(4)
  })

  it('the chat page\'s "Delete last exchange" offers "Export, then delete" too', async () => {
    const user = await signUp()
    const { projectId, chats } = await seedProject(user)
    const chat = chats[0]!
    await addMessages(user, chat.id, [{ actor: 'user', message: 'Why does the plan drift?' }, { actor: 'assistant', message: 'Manual changes.' }])
    const page = await open(`/chats/${chat.id}?project=${projectId}`, { user, viewport })
    const seen = watchExportThenDelete(page)
    await page.getByRole('button', { name: 'Delete last exchange' }).click()
    await page.getByRole('alertdialog').getByRole('button', { name: 'Export, then delete' }).click()
    await page.getByText('Manual changes.').waitFor({ state: 'detached' })
    expect(seen.downloaded).toBeLessThan(seen.deleted!)
    expect(JSON.parse((await unzipText(await seen.file!)).get(`chats/${chat.uuid}.json`)!).messages).toHaveLength(2)
    expect(await listMessages(user, chat.id)).toEqual([])
  })
})
