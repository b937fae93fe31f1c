import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { request, signUp } from '../helpers/client'
import { DESKTOP, DEVOPS_CHATS, MOBILE, rowNames, seedProject, useBrowser } from './browser'

const { open } = useBrowser()

function focused(page: Page) {
  return page.evaluate(() => {
    const element = document.activeElement
    return element?.getAttribute('aria-label') ?? element?.textContent?.trim() ?? null
  })
}

describe.each([['desktop', DESKTOP], ['375 px', MOBILE]] as const)('the header and the sort on any screen (%s)', (label, viewport) => {
  it('the account menu: a labelled button, the email, the settings and both sign-outs, all by keyboard', async () => {
    const user = await signUp()
    const page = await open('/projects', { user, viewport })
    await page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor()
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width)

    const button = page.getByRole('button', { name: 'Account menu' })
    expect(await button.getAttribute('aria-haspopup')).toBe('menu')
    expect(await button.getAttribute('aria-expanded')).toBe('false')
    const box = await button.boundingBox()
    expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width)

    // Enter opens on the first item; arrows move and wrap; Escape closes and focus comes back.
    await button.focus()
    await page.keyboard.press('Enter')
    const menu = page.getByRole('menu')
    await menu.waitFor()
    expect(await button.getAttribute('aria-expanded')).toBe('true')
    expect((await page.getByTestId('user-email').textContent())?.trim()).toBe(user.email)
    expect(await menu.getByRole('menuitem').allTextContents().then(items => items.map(item => item.trim())))
      .toEqual(['API keys', 'Deletion history', 'Account', 'Sign out on this device', 'Sign out everywhere'])
    await expect.poll(() => focused(page)).toBe('API keys')
    await page.keyboard.press('ArrowDown')
    await expect.poll(() => focused(page)).toBe('Deletion history')
    await page.keyboard.press('ArrowUp')
    await page.keyboard.press('ArrowUp')
    await expect.poll(() => focused(page)).toBe('Sign out everywhere')
    await page.keyboard.press('Home')
    await expect.poll(() => focused(page)).toBe('API keys')
    await page.keyboard.press('Escape')
    await menu.waitFor({ state: 'hidden' })
    await expect.poll(() => focused(page)).toBe('Account menu')

    // Space opens too; Enter on an item goes there.
    await page.keyboard.press('Space')
    await menu.waitFor()
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'Deletion history', level: 1 }).waitFor()
    await menu.waitFor({ state: 'hidden' })

    // The popup fits the screen.
    await button.click()
    const popup = await menu.boundingBox()
    expect(popup!.x).toBeGreaterThanOrEqual(0)
    expect(popup!.x + popup!.width).toBeLessThanOrEqual(viewport.width)
    // A click elsewhere (the page's bottom left, clear of the menu) closes it.
    await page.mouse.click(5, viewport.height - 5)
    await menu.waitFor({ state: 'hidden' })

    // "Sign out everywhere" ends the test's session too (it stands for another device).
    await button.click()
    await page.getByRole('menuitem', { name: 'Sign out everywhere' }).click()
    await page.waitForURL('**/login')
    expect((await request('GET', '/api/auth/session', { cookie: user.cookie })).status).toBe(401)
  })

  it(`sorting: ${label === 'desktop' ? 'the column headers' : 'a labelled select instead of the headers'}`, async () => {
    const user = await signUp()
    const { projectId } = await seedProject(user)
    const page = await open(`/projects/${projectId}`, { user, viewport })
    await page.getByRole('heading', { name: 'Platform' }).waitFor()
    const select = page.getByLabel('Sort', { exact: true })
    const header = page.locator('button[data-sort-column="name"]')
    if (viewport === DESKTOP) {
      expect(await select.isVisible()).toBe(false)
      expect(await header.isVisible()).toBe(true)
      return
    }
    expect(await header.isVisible()).toBe(false)
    expect(await select.isVisible()).toBe(true)
    expect(await select.inputValue()).toBe('updated_at:desc')
    await select.selectOption({ label: 'Name, A to Z' })
    await page.waitForURL(url => url.searchParams.get('order_by') === 'name:asc')
    const byName = DEVOPS_CHATS.map(([name]) => name).sort((a, b) => a.localeCompare(b))
    await expect.poll(() => rowNames(page)).toEqual(byName)
    await select.selectOption({ label: 'Name, Z to A' })
    await expect.poll(() => rowNames(page)).toEqual([...byName].reverse())
    // The select-all checkbox stays in the header; the page still fits.
    expect(await page.getByTestId('select-all').isVisible()).toBe(true)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
    // Reload: the sort is in the URL, and the select shows it.
    await page.reload()
    await page.locator('html[data-hydrated]').waitFor({ state: 'attached' })
    expect(await page.getByLabel('Sort', { exact: true }).inputValue()).toBe('name:desc')
  })
})
