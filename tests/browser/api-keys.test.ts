import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { signUp, type TestUser } from '../helpers/client'
import { createApiKey, v1 } from '../helpers/fixtures'
import { sealSessionCookie } from '../helpers/session-cookie'
import { MOBILE, screenshot, signUpAs, toast, useBrowser } from './browser'

const { open } = useBrowser()
const CLIPBOARD = ['clipboard-read', 'clipboard-write']

function keyNames(page: Page): Promise<string[]> {
  return page.getByTestId('key-name').allTextContents().then(names => names.map(name => name.trim()))
}

function keyRow(page: Page, name: string) {
  return page.getByTestId('key-row').filter({ has: page.getByTestId('key-name').getByText(name, { exact: true }) })
}

async function createInPage(page: Page, name: string): Promise<string> {
  await page.getByLabel(/^Name/).fill(name)
  await page.getByRole('button', { name: 'Create key' }).click()
  const key = (await page.getByTestId('new-key').textContent())!.trim()
  expect(key).toMatch(/^nk_[\w-]{43}$/)
  return key
}

async function apiKeyNames(user: TestUser): Promise<string[]> {
  return (await user.call('GET', `/api/users/${user.id}/api-keys`)).body.api_keys.map((key: { name: string }) => key.name)
}

describe('the API keys page', () => {
  it('sends a signed-out visitor to sign-in and back', async () => {
    const page = await open('/settings/api-keys')
    expect(new URL(page.url()).pathname).toBe('/login')
    expect(new URL(page.url()).searchParams.get('redirect')).toBe('/settings/api-keys')
  })

  it('is reached from the header and starts empty', async () => {
    const user = await signUp()
    const page = await open('/projects', { user })
    await page.getByRole('button', { name: 'Account menu' }).click()
    await page.getByRole('menuitem', { name: 'API keys' }).click()
    await page.getByRole('heading', { name: 'API keys', level: 1 }).waitFor()
    expect(new URL(page.url()).pathname).toBe('/settings/api-keys')
    await page.getByText('No API keys yet.').waitFor()
    expect(await page.getByTestId('key-count').textContent()).toBe('0 of 50')
  })

  it('creates a key, shows it once with a warning, copies it; the copy works on the v1 API; the list shows the prefix (desktop screenshot)', async () => {
    const user = await signUpAs('ops@platform-team.example')
    await createApiKey(user, 'Nightly cleanup')
    const page = await open('/settings/api-keys', { user, permissions: CLIPBOARD })
    expect(await keyNames(page)).toEqual(['Nightly cleanup'])

    const key = await createInPage(page, 'CI deploys')
    const panel = page.getByTestId('new-key-panel')
    expect(await panel.textContent()).toContain('it won\'t be shown again')
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('new-key-panel')
    expect(await keyNames(page)).toEqual(['CI deploys', 'Nightly cleanup'])
    const row = keyRow(page, 'CI deploys')
    expect((await row.getByTestId('key-prefix').textContent())!.trim()).toBe(`${key.slice(0, 10)}…`)
    expect(await row.getByTestId('key-last-used').textContent()).toContain('never')
    expect(await page.getByTestId('key-count').textContent()).toBe('2 of 50')

    await panel.getByRole('button', { name: 'Copy' }).click()
    await panel.getByRole('button', { name: 'Copied' }).waitFor()
    await toast(page).filter({ hasText: 'Key copied to the clipboard' }).waitFor()
    const copied = await page.evaluate(() => navigator.clipboard.readText())
    expect(copied).toBe(key)
    expect((await v1(copied, 'GET', '/chats')).status).toBe(200)
    await screenshot(page, 'api-keys-desktop.png')

    // The key is never fetched again: after a reload only its prefix is left, and it has been used.
    await page.reload()
    await page.locator('html[data-hydrated]').waitFor({ state: 'attached' })
    expect(await page.getByTestId('new-key-panel').count()).toBe(0)
    expect(await page.content()).not.toContain(key.slice(10))
    expect(await keyRow(page, 'CI deploys').getByTestId('key-last-used').textContent()).toMatch(/Last used (just now|\d+ seconds? ago)/)
  })

  it('"Done" hides the key; Enter in the name field creates; an empty name is refused beside the field', async () => {
    const user = await signUp()
    const page = await open('/settings/api-keys', { user })
    await page.getByRole('button', { name: 'Create key' }).click()
    expect(await page.getByTestId('field-error').textContent()).toContain('Give the key a name')
    expect(await apiKeyNames(user)).toEqual([])

    await page.getByLabel(/^Name/).fill('from the keyboard')
    await page.getByLabel(/^Name/).press('Enter')
    await page.getByTestId('new-key-panel').waitFor()
    await page.getByRole('button', { name: 'Done, hide the key' }).click()
    expect(await page.getByTestId('new-key-panel').count()).toBe(0)
    expect(await keyNames(page)).toEqual(['from the keyboard'])
    expect(await apiKeyNames(user)).toEqual(['from the keyboard'])
  })

  it('scopes start all ticked and expiry at 30 days; the key gets what was chosen, the list shows scopes and when it expires, and warns in its last week', async () => {
    const user = await signUp()
    await createApiKey(user, 'forever')
    const page = await open('/settings/api-keys', { user })
    for (const scope of ['chats:read', 'chats:delete', 'messages:read', 'messages:write']) {
      expect(await page.getByTestId(`scope-${scope}`).isChecked(), scope).toBe(true)
    }
    expect(await page.getByLabel('Expires').inputValue()).toBe('30')
    expect(await keyRow(page, 'forever').getByTestId('key-expiry').textContent()).toContain('Never expires')

    // No scope at all is refused beside the boxes, before any request.
    for (const scope of ['chats:read', 'chats:delete', 'messages:read', 'messages:write']) await page.getByTestId(`scope-${scope}`).uncheck()
    await page.getByLabel(/^Name/).fill('read only, a week')
    await page.getByRole('button', { name: 'Create key' }).click()
    await page.getByText('Choose at least one scope').waitFor()
    expect(await apiKeyNames(user)).toEqual(['forever'])

    await page.getByTestId('scope-messages:read').check()
    await page.getByTestId('scope-chats:read').check()
    await page.getByLabel('Expires').selectOption('7')
    await page.getByRole('button', { name: 'Create key' }).click()
    const key = (await page.getByTestId('new-key').textContent())!.trim()
    const row = keyRow(page, 'read only, a week')
    expect(await row.getByTestId('key-scopes').locator('li').allTextContents()).toEqual(['chats:read', 'messages:read'])
    const expiry = row.getByTestId('key-expiry')
    expect(await expiry.getAttribute('data-state')).toBe('soon')
    expect(await expiry.textContent()).toContain('Expires in 7 days')
    const [created] = (await user.call('GET', `/api/users/${user.id}/api-keys`)).body.api_keys
    expect(created).toMatchObject({ name: 'read only, a week', scopes: ['chats:read', 'messages:read'] })
    expect((await v1(key, 'GET', '/chats')).status).toBe(200)
    expect((await v1(key, 'DELETE', `/chats/${crypto.randomUUID()}`)).status).toBe(403)

    await createApiKey(user, 'a year', { expires_in_days: 365 })
    await page.reload()
    await page.locator('html[data-hydrated]').waitFor({ state: 'attached' })
    expect(await keyRow(page, 'a year').getByTestId('key-expiry').getAttribute('data-state')).toBe('later')
  })

  it('revokes after confirming: the key leaves the list and is refused at once; Cancel and Escape keep it', async () => {
    const user = await signUp()
    const doomed = await createApiKey(user, 'doomed')
    await createApiKey(user, 'kept')
    const page = await open('/settings/api-keys', { user })
    const revoke = () => keyRow(page, 'doomed').getByRole('button', { name: 'Revoke doomed' }).click()

    await revoke()
    const dialog = page.getByRole('alertdialog')
    await dialog.waitFor()
    expect(await dialog.textContent()).toContain(`Revoke “doomed” (${doomed.apiKey.prefix}…)?`)
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Cancel')
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'hidden' })
    await revoke()
    await dialog.waitFor()
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
    expect(await keyNames(page)).toEqual(['kept', 'doomed'])
    expect((await v1(doomed.key, 'GET', '/chats')).status).toBe(200)

    await revoke()
    await dialog.getByRole('button', { name: 'Revoke key' }).click()
    await toast(page).filter({ hasText: 'Revoked “doomed”' }).waitFor()
    expect(await keyNames(page)).toEqual(['kept'])
    expect((await v1(doomed.key, 'GET', '/chats')).status).toBe(401)
    expect(await apiKeyNames(user)).toEqual(['kept'])
  })

  it('asks for the password when the session has not entered it lately (sudo mode): refuses a wrong one, creates with the right one', async () => {
    const user = await signUp()
    // A session whose password was entered 11 minutes ago, as a copied cookie would be.
    const stale = await sealSessionCookie({ user: { id: user.id, primary_email: user.email }, sessionVersion: 1, passwordAt: Date.now() - 11 * 60_000 })
    const page = await open('/settings/api-keys', { user: { ...user, cookie: stale } })
    expect(await page.getByTestId('reauth').count()).toBe(0)
    await page.getByLabel(/^Name/).fill('after sudo')
    await page.getByRole('button', { name: 'Create key' }).click()
    const password = page.getByLabel('Your password')
    await password.waitFor()
    expect(await apiKeyNames(user)).toEqual([])
    await page.getByRole('button', { name: 'Create key' }).click()
    await page.getByText('Enter your password').waitFor()
    await password.fill('not the password')
    await page.getByRole('button', { name: 'Create key' }).click()
    await page.getByText('Password is incorrect').waitFor()
    expect(await apiKeyNames(user)).toEqual([])
    await password.fill(user.password)
    await page.getByRole('button', { name: 'Create key' }).click()
    await page.getByTestId('new-key-panel').waitFor()
    expect(await page.getByTestId('reauth').count()).toBe(0)
    expect(await apiKeyNames(user)).toEqual(['after sudo'])
  })

  it('shows the server\'s refusal beyond 50 keys', async () => {
    const user = await signUp()
    for (let i = 0; i < 50; i++) await createApiKey(user, `key ${i}`)
    const page = await open('/settings/api-keys', { user })
    await page.getByLabel(/^Name/).fill('one too many')
    await page.getByRole('button', { name: 'Create key' }).click()
    await page.getByRole('alert').filter({ hasText: 'You already have 50 API keys' }).waitFor()
    expect(await page.getByTestId('new-key-panel').count()).toBe(0)
  })

  it('works at 375 px wide in dark mode (mobile screenshot)', async () => {
    const user = await signUpAs('kim@platform-team.example')
    await createApiKey(user, 'Grafana annotations')
    const page = await open('/settings/api-keys', { user, viewport: MOBILE, colorScheme: 'dark', permissions: CLIPBOARD })
    await createInPage(page, 'Backup script')
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    expect(width).toBeLessThanOrEqual(MOBILE.width)
    expect(await page.getByRole('button', { name: 'Account menu' }).isVisible()).toBe(true)
    await screenshot(page, 'api-keys-mobile-dark.png')
  })
})
