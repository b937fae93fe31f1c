import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { signUp } from '../helpers/client'
import { createProject } from '../helpers/fixtures'
import { DEVOPS_CHATS, MOBILE, seedProject, useBrowser } from './browser'

const { open } = useBrowser()

/** The sidebar lists the project's chats newest first: the reverse of their creation. */
const NEWEST_FIRST = DEVOPS_CHATS.map(([name]) => name).reverse()

/** The focused element's text and tag, to check that focus went to the new page's heading. */
function focused(page: Page) {
  return page.evaluate(() => ({ tag: document.activeElement?.tagName ?? '', text: document.activeElement?.textContent?.trim() ?? '' }))
}

describe('moving between chats', () => {
  it('the sidebar lists the projects and the project\'s chats; one click, j/k or Alt+↑/↓ opens another; focus goes to its heading; the sidebar collapses', async () => {
    const user = await signUp()
    const { projectId, chats } = await seedProject(user)
    await createProject(user, 'Observability')
    const byName = (name: string) => chats.find(chat => chat.name === name)!
    const page = await open(`/chats/${byName(NEWEST_FIRST[1]!).id}?project=${projectId}`, { user })
    const sidebar = page.getByRole('navigation', { name: 'Projects and chats' })
    await sidebar.getByRole('link', { name: 'Observability' }).waitFor()
    const chatLinks = sidebar.getByTestId('sidebar-chats').getByRole('link')
    await expect.poll(() => chatLinks.allTextContents().then(names => names.map(name => name.trim()))).toEqual(NEWEST_FIRST)
    expect(await sidebar.locator('[aria-current="page"]').textContent()).toContain(NEWEST_FIRST[1])

    // One click.
    await chatLinks.filter({ hasText: NEWEST_FIRST[3] }).click()
    await page.waitForURL(`**/chats/${byName(NEWEST_FIRST[3]!).id}?project=${projectId}`)
    await expect.poll(() => focused(page)).toEqual({ tag: 'H1', text: NEWEST_FIRST[3] })
    expect(await sidebar.locator('[aria-current="page"]').textContent()).toContain(NEWEST_FIRST[3])

    // One key: j is the next chat, k the previous, Alt+↓/↑ the same.
    await page.keyboard.press('j')
    await expect.poll(() => focused(page)).toEqual({ tag: 'H1', text: NEWEST_FIRST[4] })
    await page.keyboard.press('Alt+ArrowDown')
    await expect.poll(() => focused(page)).toEqual({ tag: 'H1', text: NEWEST_FIRST[5] })
    await page.keyboard.press('j') // the last: nothing after it
    await page.keyboard.press('k')
    await expect.poll(() => focused(page)).toEqual({ tag: 'H1', text: NEWEST_FIRST[4] })
    await page.keyboard.press('Alt+ArrowUp')
    await expect.poll(() => focused(page)).toEqual({ tag: 'H1', text: NEWEST_FIRST[3] })
    expect(new URL(page.url()).pathname).toBe(`/chats/${byName(NEWEST_FIRST[3]!).id}`)

    // Typing in the composer is text, not a shortcut.
    await page.getByRole('textbox').fill('')
    await page.getByRole('textbox').pressSequentially('jk')
    expect(await page.getByRole('textbox').inputValue()).toBe('jk')
    expect(new URL(page.url()).pathname).toBe(`/chats/${byName(NEWEST_FIRST[3]!).id}`)

    // The breadcrumb back to the project: focus on its heading too.
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Platform' }).click()
    await expect.poll(() => focused(page)).toEqual({ tag: 'H1', text: 'Platform' })
    await page.goBack()
    await sidebar.waitFor()

    // Collapsible: hidden, then shown again.
    const toggle = page.getByRole('button', { name: 'Hide chats' })
    await toggle.click()
    await sidebar.waitFor({ state: 'hidden' })
    expect(await page.getByRole('button', { name: 'Chats', exact: true }).getAttribute('aria-expanded')).toBe('false')
    await page.getByRole('button', { name: 'Chats', exact: true }).click()
    await sidebar.waitFor()
  })

  it('at 375 px the sidebar is a drawer: closed at first, opened by "Chats", closed again once a chat is picked', async () => {
    const user = await signUp()
    const { projectId, chats } = await seedProject(user)
    const page = await open(`/chats/${chats[0]!.id}?project=${projectId}`, { user, viewport: MOBILE })
    const sidebar = page.getByRole('navigation', { name: 'Projects and chats' })
    await page.getByRole('heading', { level: 1, name: chats[0]!.name }).waitFor()
    expect(await sidebar.isVisible()).toBe(false)
    const toggle = page.getByRole('button', { name: 'Chats', exact: true })
    expect(await toggle.getAttribute('aria-expanded')).toBe('false')
    await toggle.click()
    await sidebar.waitFor()
    const box = await sidebar.boundingBox()
    expect(box!.x).toBe(0)
    expect(box!.width).toBeLessThanOrEqual(MOBILE.width)
    await sidebar.getByRole('link', { name: NEWEST_FIRST[0] }).click()
    await expect.poll(() => focused(page)).toEqual({ tag: 'H1', text: NEWEST_FIRST[0] })
    await sidebar.waitFor({ state: 'hidden' })
  })
})
