import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { request } from '../helpers/client'
import { createChat, createProject } from '../helpers/fixtures'
import { signUpAs, toast, useBrowser } from './browser'

const { open } = useBrowser()

describe('project settings on the project page', () => {
  it('renames the project inline, and deletes it only once its name is typed, then lands on /projects with a toast', async () => {
    const user = await signUpAs(`project-${Date.now()}@example.test`)
    const project = await createProject(user, 'Staging')
    const other = await createProject(user, 'Production')
    await createChat(user, project.id, 'Flaky deploy')
    const page = await open(`/projects/${project.id}`, { user })
    const settings = page.getByTestId('project-settings')
    await settings.getByRole('button', { name: 'Rename' }).click()
    await settings.getByLabel('Project name').fill('Staging EU')
    await settings.getByRole('button', { name: 'Save' }).click()
    await page.getByRole('heading', { name: 'Staging EU', level: 1 }).waitFor()
    await toast(page).filter({ hasText: 'Renamed the project' }).waitFor()

    await settings.getByRole('button', { name: 'Delete project' }).click()
    const dialog = page.getByRole('alertdialog', { name: /Delete project/ })
    await dialog.waitFor()
    const confirm = dialog.getByTestId('project-delete-confirm')
    expect(await confirm.isDisabled()).toBe(true)
    await dialog.getByLabel(/Type the project's name/).fill('Staging')
    expect(await confirm.isDisabled()).toBe(true)
    await dialog.getByLabel(/Type the project's name/).fill('Staging EU')
    await confirm.click()
    await page.waitForURL(/\/projects$/)
    await toast(page).filter({ hasText: 'Deleted project “Staging EU”' }).waitFor()
    const projects = (await user.call('GET', `/api/users/${user.id}/projects`)).body.projects
    expect(projects.map((p: { id: number }) => p.id)).toEqual([other.id])
  })
})

describe('deleting the account on the account page', () => {
  it('asks for the password and a confirmation, shows the final receipt to download, and the account is gone', async () => {
    const user = await signUpAs(`leaving-${Date.now()}@example.test`)
    const project = await createProject(user, 'Old work')
    await createChat(user, project.id, 'Last chat')
    const page = await open('/account', { user })
    const section = page.getByTestId('delete-account')
    await section.getByLabel('Your password').fill('not my password')
    await section.getByRole('button', { name: 'Delete my account' }).click()
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete my account' }).click()
    await section.getByText('Password is incorrect').waitFor()

    await section.getByLabel('Your password').fill(user.password)
    await section.getByRole('button', { name: 'Delete my account' }).click()
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete my account' }).click()
    const receipt = section.getByTestId('account-receipt')
    await receipt.waitFor()
    expect(await receipt.textContent()).toContain('1 chat')
    expect(await receipt.textContent()).toContain('1 project')
    const [download] = await Promise.all([page.waitForEvent('download'), section.getByTestId('account-receipt-download').click()])
    const saved = JSON.parse(await readFile((await download.path())!, 'utf8'))
    expect(saved).toMatchObject({ receipt: { kind: 'account_deletion', counts: { chats: 1, projects: 1, messages: 0, api_keys: 0 } } })
    expect((await request('POST', '/api/auth/login', { json: { email: user.email, password: user.password } })).status).toBe(401)
    await section.getByRole('link', { name: 'Create a new account' }).click()
    await page.waitForURL(/\/register/)
  })
})
