import type { Page, Request } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { signUp, type TestUser } from '../helpers/client'
import { createChat, createProject } from '../helpers/fixtures'
import { DESKTOP, MOBILE, row, rowNames, screenshot, toast, useBrowser } from './browser'

// Large projects in the browser: pages loaded as the table scrolls, "Select all N" deleted in
// batches, and the undo window of a delete.

const { open } = useBrowser()

/** A project with `count` chats named "Chat 001"…, created ten at a time. */
async function bigProject(user: TestUser, count: number) {
  const project = await createProject(user, 'Big')
  for (let i = 0; i < count; i += 10) {
    await Promise.all(Array.from({ length: Math.min(10, count - i) }, (_, j) => createChat(user, project.id, `Chat ${String(i + j + 1).padStart(3, '0')}`)))
  }
  return project.id
}

async function apiIds(user: TestUser, projectId: number, query = ''): Promise<number[]> {
  const response = await user.call('GET', `/api/users/${user.id}/projects/${projectId}/chats${query}`)
  expect(response.status).toBe(200)
  return response.body.chats.map((chat: { id: number }) => chat.id)
}

async function apiNames(user: TestUser, projectId: number): Promise<string[]> {
  const response = await user.call('GET', `/api/users/${user.id}/projects/${projectId}/chats?order_by=name:asc`)
  return response.body.chats.map((chat: { name: string }) => chat.name)
}

/** The browser's list and count requests answered with `ids` as chats, 100 a page (cursor `fake-N`). */
async function answerListing(page: Page, ids: number[]) {
  const chat = (id: number, index: number) => ({
    id, neptun_user_id: 1, name: `Chat ${String(index + 1).padStart(3, '0')}`, model: 'google/gemma-2-27b-it',
    created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z', kept: false, message_count: 0, last_message: null,
  })
  await page.route(/\/chats\/count/, route => route.fulfill({ json: { count: ids.length } }))
  await page.route(/\/chats\?/, async (route) => {
    const from = Number(new URL(route.request().url()).searchParams.get('cursor')?.slice('fake-'.length) ?? 0)
    const next = from + 100
    await route.fulfill({ json: { chats: ids.slice(from, next).map((id, i) => chat(id, from + i)), next_cursor: next < ids.length ? `fake-${next}` : null } })
  })
}

const rowIds = (page: Page) => page.locator('tbody tr[data-chat-id]').evaluateAll(rows => rows.map(row => Number(row.getAttribute('data-chat-id'))))
const isList = (request: Request) => request.method() === 'GET' && /\/projects\/\d+\/chats$/.test(new URL(request.url()).pathname)

describe('a project with many chats', () => {
  it('loads 100 rows, then the next pages as the table scrolls, with the cursor; every chat once, in the API\'s order', async () => {
    const user = await signUp()
    const projectId = await bigProject(user, 230)
    const page = await open(`/projects/${projectId}`, { user })
    expect(await page.getByTestId('row-count').textContent()).toContain('230 chats')
    expect(await rowIds(page)).toHaveLength(100)

    const cursors: (string | null)[] = []
    page.on('request', request => isList(request) && cursors.push(new URL(request.url()).searchParams.get('cursor')))
    await page.locator('tbody tr').last().scrollIntoViewIfNeeded()
    await expect.poll(() => rowIds(page).then(ids => ids.length)).toBe(200)
    await page.locator('tbody tr').last().scrollIntoViewIfNeeded()
    await expect.poll(() => rowIds(page).then(ids => ids.length)).toBe(230)
    expect(await page.getByTestId('load-more').count()).toBe(0)
    expect(cursors).toHaveLength(2)
    expect(cursors.every(cursor => typeof cursor === 'string' && cursor.length > 0)).toBe(true)
    expect(await rowIds(page)).toEqual(await apiIds(user, projectId))
  })

  it('keeps a window of the rows in the DOM however many are loaded: scrolling shows the rest in order, arrow keys walk past the window, the spacers keep the height', async () => {
    // What is tested is the browser's table, so the 650 chats are answered here, page by page:
    // creating them through the API took most of this test's time. The real server's paging is
    // the test above's.
    const user = await signUp()
    const projectId = await bigProject(user, 1)
    const ids = Array.from({ length: 650 }, (_, i) => 1_000_000 + i)
    const page = await open(`/projects/${projectId}`, { user })
    await answerListing(page, ids)
    // A new sort loads the listing again in the browser, where the routes answer.
    await page.locator('button[data-sort-column="name"]').click()
    await expect.poll(() => page.getByTestId('row-count').textContent()).toContain('650 chats')
    const table = page.locator('table[data-loaded-rows]')
    const loaded = () => table.getAttribute('data-loaded-rows').then(Number)
    // Scrolled to the bottom (again, as a reader would, if a scroll landed while a page was still
    // coming), the next page comes; at the end, all 650 and no more.
    const scrolledToBottom = async () => {
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight))
      return loaded()
    }
    for (let expected = 200; expected <= 700; expected += 100) {
      await expect.poll(scrolledToBottom).toBeGreaterThanOrEqual(Math.min(expected, 650))
    }
    expect(await loaded()).toBe(650)
    expect(await table.getAttribute('aria-rowcount')).toBe('651')

    // At the bottom: the last chats are rendered, the first ones are not, and what is rendered is
    // one contiguous run of the API's order, each row knowing its place in the whole list.
    const rendered = () => page.locator('tbody tr[data-chat-id]').evaluateAll(rows => rows.map(row => ({ id: Number(row.getAttribute('data-chat-id')), index: Number(row.getAttribute('data-index')), ariaIndex: Number(row.getAttribute('aria-rowindex')) })))
    await expect.poll(() => rendered().then(rows => rows.at(-1)?.id)).toBe(ids.at(-1))
    const atBottom = await rendered()
    expect(atBottom.length).toBeLessThan(650)
    expect(atBottom.length).toBeLessThanOrEqual(500)
    expect(atBottom.map(row => row.id)).toEqual(ids.slice(atBottom[0]!.index, atBottom[0]!.index + atBottom.length))
    expect(atBottom.every(row => row.ariaIndex === row.index + 2)).toBe(true)
    expect(await page.locator('tbody tr.row-spacer').count()).toBe(1)
    await expect.poll(() => page.locator(`tr[data-chat-id="${ids.at(-1)}"]`).isVisible()).toBe(true)

    // Back to the top: the first rows again, and the window ends long before the list does.
    await page.evaluate(() => window.scrollTo(0, 0))
    await expect.poll(() => rendered().then(rows => rows[0]?.index)).toBe(0)
    const windowEnd = (await rendered()).length
    expect(windowEnd).toBeLessThan(650)
    // The walk down by keyboard crosses the window's end: from its last row, the arrow keys reach
    // rows that were not rendered, and the window moves along (its first rows leave the DOM).
    await page.locator(`tr[data-chat-id="${ids[windowEnd - 1]}"]`).focus()
    const steps = 60
    for (let i = 0; i < steps; i++) await page.keyboard.press('ArrowDown')
    const reached = windowEnd - 1 + steps
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-chat-id'))).toBe(String(ids[reached]))
    await expect.poll(() => page.locator(`tr[data-chat-id="${ids[reached]}"]`).isVisible()).toBe(true)
    await expect.poll(() => rendered().then(rows => rows[0]!.index)).toBeGreaterThan(0)
  })

  it('sorting and filtering go to the server and start again from the first page', async () => {
    const user = await signUp()
    const projectId = await bigProject(user, 120)
    const page = await open(`/projects/${projectId}`, { user })
    const sorted = page.waitForRequest(request => isList(request) && new URL(request.url()).searchParams.get('order_by') === 'name:asc')
    await page.locator('button[data-sort-column="name"]').click()
    expect(new URL((await sorted).url()).searchParams.get('limit')).toBe('100')
    await expect.poll(() => rowNames(page).then(names => names.slice(0, 2))).toEqual(['Chat 001', 'Chat 002'])

    const filtered = page.waitForRequest(request => isList(request) && new URL(request.url()).searchParams.get('q') === '"chat 11"')
    // A phrase: the words in this order (the words alone would also find "Chat 011").
    await page.getByLabel('Search chats').fill('"chat 11"')
    await filtered
    await expect.poll(() => rowNames(page)).toEqual(['Chat 110', 'Chat 111', 'Chat 112', 'Chat 113', 'Chat 114', 'Chat 115', 'Chat 116', 'Chat 117', 'Chat 118', 'Chat 119'])
    await expect.poll(() => page.getByTestId('row-count').textContent()).toContain('10 of 120 chats')
  })

  it('"Select all 150 chats in this project" deletes every chat, not only the 100 loaded; then the empty state', async () => {
    const user = await signUp()
    const projectId = await bigProject(user, 150)
    const page = await open(`/projects/${projectId}`, { user })
    await page.getByTestId('select-all').check()
    const bar = page.getByTestId('selection-bar')
    expect(await bar.textContent()).toContain('100 selected')
    await page.getByTestId('select-all-in-project').click()
    expect(await bar.textContent()).toContain('All 150 chats selected')
    await bar.getByRole('button', { name: 'Delete 150 chats' }).click()
    const confirm = page.getByRole('alertdialog')
    expect(await confirm.textContent()).toContain('Delete all 150 chats in this project and all their messages?')
    await confirm.getByRole('button', { name: 'Delete 150 chats' }).click()
    await expect.poll(() => page.getByTestId('bulk-summary').textContent()).toContain('Deleted 150 chats.')
    await page.getByText('No chats in this project yet').waitFor()
    expect(await apiIds(user, projectId)).toEqual([])
  })

  it('"Select all" leaves kept chats out and the confirm dialog says how many', async () => {
    const user = await signUp()
    const projectId = await bigProject(user, 110)
    const keptIds = (await apiIds(user, projectId, '?order_by=id:asc')).slice(0, 2)
    for (const id of keptIds) expect((await user.call('PATCH', `/api/users/${user.id}/projects/${projectId}/chats/${id}`, { json: { kept: true } })).status).toBe(200)
    const page = await open(`/projects/${projectId}`, { user })
    await page.getByTestId('select-all').check()
    await page.getByTestId('select-all-in-project').click()
    await page.getByTestId('selection-bar').getByRole('button', { name: 'Delete 110 chats' }).click()
    const confirm = page.getByRole('alertdialog')
    await expect.poll(() => confirm.textContent()).toContain('2 kept chats are left out')
    await confirm.getByRole('button', { name: 'Delete 108 chats' }).click()
    await expect.poll(() => page.getByTestId('bulk-summary').textContent()).toContain('Deleted 108 chats.')
    await expect.poll(() => apiIds(user, projectId, '?order_by=id:asc')).toEqual(keptIds)
  })

  it('batches of at most 1,000 with a progress bar; Cancel stops after the batch in flight; a refused batch is reported and only its rows stay', async () => {
    const user = await signUp()
    const projectId = await bigProject(user, 101)
    const page = await open(`/projects/${projectId}`, { user })
    // The count and the id pages say 3,500 chats and the batches are answered here: nothing real goes.
    const fakeIds = Array.from({ length: 3500 }, (_, i) => 1_000_000 + i)
    await page.route(/\/chats\/count/, route => route.fulfill({ json: { count: 3500 } }))
    await page.route(/\/chats\?/, async (route) => {
      const url = new URL(route.request().url())
      if (url.searchParams.get('order_by') !== 'id:asc' && !url.searchParams.get('cursor')?.startsWith('fake-')) return route.continue()
      const from = Number(url.searchParams.get('cursor')?.slice(5) ?? 0)
      const ids = fakeIds.slice(from, from + 1000)
      await route.fulfill({ json: { chats: ids.map(id => ({ id })), next_cursor: from + 1000 < fakeIds.length ? `fake-${from + 1000}` : null } })
    })
    const bodies: number[][] = []
    const gates = Array.from({ length: 4 }, () => {
      let resolve!: () => void
      const promise = new Promise<void>(done => (resolve = done))
      return { promise, resolve }
    })
    let answer: (batch: number) => { status: number, json: unknown } = () => ({ status: 200, json: true })
    await page.route(/\/chats$/, async (route) => {
      if (route.request().method() !== 'DELETE') return route.continue()
      bodies.push(JSON.parse(route.request().postData()!).chat_ids)
      const batch = bodies.length
      await gates[batch - 1]?.promise
      await route.fulfill(answer(batch))
    })
    // A new sort loads the listing again in the browser, where the routes above answer the count.
    await page.locator('button[data-sort-column="name"]').click()
    await expect.poll(() => page.getByTestId('row-count').textContent()).toContain('3,500 chats')

    await page.getByTestId('select-all').check()
    await page.getByTestId('select-all-in-project').click()
    await page.getByTestId('selection-bar').getByRole('button', { name: 'Delete 3,500 chats' }).click()
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete 3,500 chats' }).click()
    const progress = page.getByTestId('bulk-progress')
    await expect.poll(() => bodies.length).toBe(1)
    expect(await progress.getByRole('progressbar').getAttribute('max')).toBe('3500')
    gates[0]!.resolve()
    await expect.poll(() => progress.textContent()).toContain('Deleted 1,000 of 3,500 chats')
    expect(await progress.getByRole('progressbar').getAttribute('value')).toBe('1000')
    await screenshot(page, 'chats-bulk-progress.png')
    // The second batch is in flight: Cancel lets it finish, then stops.
    await expect.poll(() => bodies.length).toBe(2)
    await progress.getByRole('button', { name: 'Cancel' }).click()
    await progress.getByText('Stopping after this batch…').waitFor()
    gates[1]!.resolve()
    await expect.poll(() => page.getByTestId('bulk-summary').textContent()).toContain('Cancelled: deleted 2,000 chats of 3,500; the rest are still there.')
    expect(bodies.map(ids => ids.length)).toEqual([1000, 1000])
    expect(bodies[1]![0]).toBe(fakeIds[1000])

    // Again, and the second batch is refused: the first stays deleted, the summary says so.
    await page.getByRole('button', { name: 'Dismiss' }).click()
    bodies.length = 0
    gates.forEach(gate => gate.resolve())
    answer = batch => batch === 2
      ? { status: 404, json: { statusCode: 404, statusMessage: 'Not Found', message: 'Chat not found', data: { missing_chat_ids: [fakeIds[1000]] } } }
      : { status: 200, json: true }
    await page.getByTestId('select-all').check()
    await page.getByTestId('select-all-in-project').click()
    await page.getByTestId('selection-bar').getByRole('button', { name: 'Delete 3,500 chats' }).click()
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete 3,500 chats' }).click()
    await expect.poll(() => page.getByTestId('bulk-summary').textContent()).toContain('Deleted 1,000 chats, then a batch was refused: Chat not found. Nothing of that batch was deleted.')
    expect(bodies.map(ids => ids.length)).toEqual([1000, 1000])
  })

  it.each([['desktop', DESKTOP], ['phone', MOBILE]] as const)('the selection bar floats at the bottom of the viewport (%s): selecting far down shows it on screen, and no row moves', async (_, viewport) => {
    const user = await signUp()
    const projectId = await bigProject(user, 60)
    const page = await open(`/projects/${projectId}?order_by=name:asc`, { user, viewport })
    const rowTops = () => page.locator('tbody tr[data-chat-id]').evaluateAll(rows => rows.map(row => Math.round(row.getBoundingClientRect().top)))
    const target = row(page, 'Chat 045')
    await target.scrollIntoViewIfNeeded()
    const before = await rowTops()
    const bar = page.getByTestId('selection-bar')

    await target.getByRole('checkbox').check()
    await bar.waitFor()
    const box = (await bar.boundingBox())!
    expect(box.y).toBeGreaterThanOrEqual(0)
    expect(box.y + box.height).toBeLessThanOrEqual(viewport.height)
    expect(await rowTops()).toEqual(before)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width)
    await bar.getByRole('button', { name: 'Clear selection' }).click()
    await bar.waitFor({ state: 'detached' })
    expect(await rowTops()).toEqual(before)

    // The last row scrolls clear of the bar: at the bottom of the page it sits above it.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight))
    const last = row(page, 'Chat 060')
    await last.getByRole('checkbox').check()
    await bar.waitFor()
    expect((await last.boundingBox())!.y + (await last.boundingBox())!.height).toBeLessThanOrEqual((await bar.boundingBox())!.y)
    await bar.getByRole('button', { name: 'Delete 1 chat' }).click()
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete chat' }).click()
    await expect.poll(() => rowNames(page).then(names => names.includes('Chat 060'))).toBe(false)
  })

  it('at 375 px the selection bar, the progress and the table fit', async () => {
    const user = await signUp()
    const projectId = await bigProject(user, 105)
    const page = await open(`/projects/${projectId}`, { user, viewport: MOBILE, colorScheme: 'dark' })
    await page.getByTestId('select-all').check()
    await page.getByTestId('select-all-in-project').waitFor()
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
    await screenshot(page, 'chats-select-all-mobile-dark.png')
  })
})

describe('undo', () => {
  it('a delete waits with Undo in its toast: Undo keeps the chat and nothing is sent; without it the delete goes out', async () => {
    const user = await signUp()
    const projectId = await bigProject(user, 3)
    // By name: the chats were created concurrently, so their update times do not give a fixed order.
    const page = await open(`/projects/${projectId}?order_by=name:desc`, { user, clock: true })
    const deletes: string[] = []
    page.on('request', request => request.method() === 'DELETE' && deletes.push(request.url()))
    await page.clock.pauseAt(Date.now() + 1000)

    await row(page, 'Chat 002').getByRole('button', { name: 'Delete Chat 002' }).click()
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete chat' }).click()
    const waiting = toast(page).filter({ hasText: '“Chat 002” will be deleted' })
    await waiting.waitFor()
    expect(await rowNames(page)).toEqual(['Chat 003', 'Chat 001'])
    await waiting.getByRole('button', { name: 'Undo' }).click()
    await expect.poll(() => rowNames(page)).toEqual(['Chat 003', 'Chat 002', 'Chat 001'])
    await page.clock.runFor(10_000)
    expect(deletes).toEqual([])
    expect(await apiIds(user, projectId)).toHaveLength(3)

    await row(page, 'Chat 001').getByRole('button', { name: 'Delete Chat 001' }).click()
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete chat' }).click()
    await toast(page).filter({ hasText: '“Chat 001” will be deleted' }).waitFor()
    const sent = page.waitForResponse(response => response.request().method() === 'DELETE')
    await page.clock.runFor(10_000)
    expect((await sent).status()).toBe(200)
    await toast(page).filter({ hasText: 'Deleted “Chat 001”' }).waitFor()
    expect(await apiIds(user, projectId)).toHaveLength(2)
  })

  it('the count follows the rows: during the undo time, after Undo, and after a second delete whose live event beats its answer', async () => {
    const user = await signUp()
    const projectId = await bigProject(user, 4)
    const frames: string[] = []
    const page = await open(`/projects/${projectId}?order_by=name:asc`, {
      user,
      clock: true,
      beforeLoad: page => page.on('websocket', socket => socket.on('framereceived', frame => frames.push(String(frame.payload)))),
    })
    await page.locator('[data-testid="live-status"][data-live="on"]').waitFor()
    await page.clock.pauseAt(Date.now() + 1000)
    const shown = async () => ({ rows: (await rowNames(page)).length, label: (await page.getByTestId('row-count').textContent())?.trim() })
    expect(await shown()).toEqual({ rows: 4, label: '4 chats' })

    const deleteChat002 = async () => {
      await row(page, 'Chat 002').getByRole('button', { name: 'Delete Chat 002' }).click()
      await page.getByRole('alertdialog').getByRole('button', { name: 'Delete chat' }).click()
      await toast(page).filter({ hasText: '“Chat 002” will be deleted' }).waitFor()
    }
    await deleteChat002()
    expect(await shown()).toEqual({ rows: 3, label: '3 chats' })
    await toast(page).getByRole('button', { name: 'Undo' }).click()
    await expect.poll(shown).toEqual({ rows: 4, label: '4 chats' })

    // Again, and this time the server's answer is held until the live socket has told the page.
    const chat002 = await row(page, 'Chat 002').getAttribute('data-chat-id')
    await page.route(`**/chats/${chat002}`, async (route) => {
      const response = await route.fetch()
      await expect.poll(() => frames.some(frame => frame.includes('"chat.deleted"') && frame.includes(`"chat_id":${chat002}`))).toBe(true)
      await route.fulfill({ response })
    })
    await deleteChat002()
    expect(await shown()).toEqual({ rows: 3, label: '3 chats' })
    await page.clock.runFor(10_000)
    await toast(page).filter({ hasText: 'Deleted “Chat 002”' }).waitFor()
    expect(await shown()).toEqual({ rows: 3, label: '3 chats' })
    expect(await apiIds(user, projectId)).toHaveLength(3)
  })

  it('leaving the page inside the app while a delete waits sends it at once, with no question', async () => {
    const user = await signUp()
    const projectId = await bigProject(user, 2)
    const page = await open(`/projects/${projectId}`, { user, clock: true })
    await page.clock.pauseAt(Date.now() + 1000)
    await row(page, 'Chat 001').getByRole('button', { name: 'Delete Chat 001' }).click()
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete chat' }).click()
    await toast(page).filter({ hasText: 'will be deleted' }).waitFor()

    const sent = page.waitForResponse(response => response.request().method() === 'DELETE')
    await page.getByRole('link', { name: 'Projects' }).first().click()
    expect((await sent).status()).toBe(200)
    await page.clock.resume() // the page transition runs on timers
    await page.waitForURL(url => url.pathname === '/projects')
    expect(await page.getByRole('alertdialog').count()).toBe(0)
    await toast(page).filter({ hasText: 'Deleted “Chat 001”' }).waitFor()
    expect(await apiIds(user, projectId)).toHaveLength(1)
  })

  it('closing the tab while a delete waits still sends it (keepalive), without a leave prompt', async () => {
    const user = await signUp()
    const projectId = await bigProject(user, 2)
    const page = await open(`/projects/${projectId}?order_by=name:asc`, { user, clock: true })
    await page.clock.pauseAt(Date.now() + 1000)
    let prompted = false
    page.on('dialog', (prompt) => {
      prompted = true
      void prompt.accept()
    })
    await row(page, 'Chat 001').getByRole('button', { name: 'Delete Chat 001' }).click()
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete chat' }).click()
    await toast(page).filter({ hasText: 'will be deleted' }).waitFor()
    await page.close({ runBeforeUnload: true })
    await expect.poll(() => apiNames(user, projectId)).toEqual(['Chat 002'])
    expect(prompted).toBe(false)
  })

  it.each([['desktop', DESKTOP], ['phone', MOBILE]] as const)('reloading while a delete waits sends it, and the reloaded page (%s) shows it gone', async (_, viewport) => {
    const user = await signUp()
    const projectId = await bigProject(user, 3)
    const page = await open(`/projects/${projectId}?order_by=name:asc`, { user, clock: true, viewport })
    await page.clock.pauseAt(Date.now() + 1000)
    await row(page, 'Chat 002').getByRole('button', { name: 'Delete Chat 002' }).click()
    const confirm = page.getByRole('alertdialog')
    expect(await confirm.textContent()).toContain('Deleted in 1 s — you can undo until then.')
    await confirm.getByRole('button', { name: 'Delete chat' }).click()
    await toast(page).filter({ hasText: 'will be deleted' }).waitFor()
    await page.reload()
    await page.locator('html[data-hydrated]').waitFor({ state: 'attached' })
    await expect.poll(() => rowNames(page)).toEqual(['Chat 001', 'Chat 003'])
    await expect.poll(() => page.getByTestId('row-count').textContent()).toContain('2 chats')
    await expect.poll(() => apiNames(user, projectId)).toEqual(['Chat 001', 'Chat 003'])
  })
})
