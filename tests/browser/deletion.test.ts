import { describe, expect, it } from 'vitest'
import { signUp } from '../helpers/client'
import { createApiKey, createChat, createProject, v1 } from '../helpers/fixtures'
import { MOBILE, useBrowser } from './browser'

const { open } = useBrowser()

describe('retention settings on the project page', () => {
  it('is off by default; the dialog previews what N days would delete before saving; the page then shows the policy', async () => {
    const user = await signUp()
    const project = await createProject(user, 'Support')
    await createChat(user, project.id, 'Fresh chat')
    const page = await open(`/projects/${project.id}`, { user })
    const summary = page.getByTestId('retention-summary')
    await summary.getByText('No retention policy').waitFor()
    await page.getByTestId('retention-change').click()
    const dialog = page.getByRole('dialog', { name: 'Retention policy' })
    await dialog.waitFor()
    await expect.poll(() => dialog.getByTestId('retention-preview').textContent()).toContain('would delete 0 chats')
    await dialog.getByLabel(/Delete chats not updated for/).fill('0')
    await expect.poll(() => dialog.getByTestId('retention-preview').textContent()).toContain('Give a number of days')
    expect(await dialog.getByRole('button', { name: 'Save policy' }).isDisabled()).toBe(true)
    await dialog.getByLabel(/Delete chats not updated for/).fill('30')
    await expect.poll(() => dialog.getByTestId('retention-preview').textContent()).toContain('0 kept chats would stay')
    await dialog.getByRole('button', { name: 'Save policy' }).click()
    await summary.getByText('30 days').waitFor()
    expect((await user.call('GET', `/api/users/${user.id}/projects/${project.id}/retention`)).body.retention.days).toBe(30)

    await page.getByTestId('retention-change').click()
    await dialog.getByRole('button', { name: 'Turn off' }).click()
    await summary.getByText('No retention policy').waitFor()
    expect((await user.call('GET', `/api/users/${user.id}/projects/${project.id}/retention`)).body.retention.days).toBeNull()
  })
})

describe('the deletion history page', () => {
  it('lists receipts newest first, filters by actor, and shows one receipt in full (also on a phone)', async () => {
    const user = await signUp()
    const project = await createProject(user, 'Ops')
    const first = await createChat(user, project.id, 'First')
    const second = await createChat(user, project.id, 'Second')
    await user.call('DELETE', `/api/users/${user.id}/projects/${project.id}/chats/${first.id}`)
    const { key } = await createApiKey(user)
    await v1(key, 'DELETE', `/chats/${second.uuid}`)

    const page = await open('/projects', { user })
    await page.getByRole('button', { name: 'Account menu' }).click()
    await page.getByRole('menuitem', { name: 'Deletion history' }).click()
    await page.getByRole('heading', { name: 'Deletion history', level: 1 }).waitFor()
    const rows = page.getByTestId('receipt-row')
    await expect.poll(() => rows.count()).toBe(2)
    expect(await rows.nth(0).textContent()).toContain('API key')
    expect(await rows.nth(1).textContent()).toContain('You')

    await page.getByLabel('Deleted by').selectOption('user')
    await expect.poll(() => rows.count()).toBe(1)
    await rows.nth(0).getByRole('button').click()
    const detail = page.getByTestId('receipt-detail')
    await detail.waitFor()
    expect(await detail.textContent()).toContain(first.uuid)
    expect(await detail.textContent()).not.toContain('First')

    await page.getByLabel('Deleted by').selectOption('retention')
    await page.getByTestId('history-empty').waitFor()

    const phone = await open('/settings/deletion-history', { user, viewport: MOBILE })
    await expect.poll(() => phone.getByTestId('receipt-row').count()).toBe(2)
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
  })
})
