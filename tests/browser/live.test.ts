import { describe, expect, it } from 'vitest'
import { request, sessionCookieOf, signUp } from '../helpers/client'
import { addMessages, createChat, createProject } from '../helpers/fixtures'
import { row, rowNames, screenshot, seedProject, toast, useBrowser } from './browser'

const { open } = useBrowser()

describe('live updates in the browser', () => {
  it('the chat page shows a trim, a new message and the delete made elsewhere at once', async () => {
    const user = await signUp()
    const project = await createProject(user, 'Platform')
    const chat = await createChat(user, project.id, 'Helm upgrade fails')
    const [, answer] = await addMessages(user, chat.id, [{ actor: 'user', message: 'Why does helm upgrade fail?' }, { actor: 'assistant', message: 'The release is pending.' }])
    const page = await open(`/chats/${chat.id}?project=${project.id}`, { user })
    await page.locator('[data-testid="live-status"][data-live="on"]').waitFor()
    await screenshot(page, 'chat-live.png')

    // "Another tab": the same user through the API.
    await addMessages(user, chat.id, [{ actor: 'user', message: 'Sent from another tab' }])
    await page.getByText('Sent from another tab').waitFor()

    await user.call('DELETE', `/api/users/${user.id}/chats/${chat.id}/messages/last`)
    await page.getByText('Sent from another tab').waitFor({ state: 'detached' })
    expect(await page.locator(`li[data-message-id="${answer!.id}"]`).count()).toBe(1)

    await user.call('DELETE', `/api/users/${user.id}/projects/${project.id}/chats/${chat.id}`)
    await page.waitForURL(`**/projects/${project.id}`)
    await toast(page).filter({ hasText: '“Helm upgrade fails” was deleted elsewhere.' }).waitFor()
  })

  it('the project\'s chats page drops a chat deleted elsewhere, and says so', async () => {
    const user = await signUp()
    const { projectId, chats } = await seedProject(user)
    const page = await open(`/projects/${projectId}`, { user })
    await page.locator('[data-testid="live-status"][data-live="on"]').waitFor()
    const helm = chats.find(chat => chat.name === 'Helm values')!
    await user.call('DELETE', `/api/users/${user.id}/projects/${projectId}/chats/${helm.id}`)
    await row(page, 'Helm values').waitFor({ state: 'detached' })
    await toast(page).filter({ hasText: '“Helm values” was deleted elsewhere.' }).waitFor()
    expect(await row(page, 'Terraform drift').count()).toBe(1)
  })

  it('across two tabs: a chat created in one appears in the other\'s list at once (count too); messages added and trimmed move its row and updated time', async () => {
    const user = await signUp()
    const { projectId, chats } = await seedProject(user)
    const list = await open(`/projects/${projectId}`, { user })
    await list.locator('[data-testid="live-status"][data-live="on"]').waitFor()
    const other = await open(`/projects/${projectId}`, { user })
    await other.getByRole('heading', { name: 'Platform' }).waitFor()

    // The other tab creates a chat through its dialog (and goes to it).
    await other.getByRole('button', { name: 'New chat' }).first().click()
    const form = other.getByRole('dialog', { name: 'New chat' })
    await form.getByLabel('Name').fill('Made in the other tab')
    await form.getByRole('button', { name: 'Create chat' }).click()
    await other.waitForURL(/\/chats\/\d+/)
    // The first tab shows it at the top of updated_at:desc, counted, without a reload.
    await expect.poll(() => rowNames(list).then(names => names[0])).toBe('Made in the other tab')
    await expect.poll(() => list.getByTestId('row-count').textContent()).toContain('7 chats')

    // The other tab (now on the chat's page) adds a message to the oldest chat: it moves to the top here.
    const terraform = chats.find(chat => chat.name === 'Terraform drift')!
    await other.goto(`/chats/${terraform.id}?project=${projectId}`)
    await other.getByRole('textbox').fill('Drift since the last apply?')
    await other.getByRole('button', { name: 'Add message' }).click()
    await expect.poll(() => rowNames(list).then(names => names[0])).toBe('Terraform drift')
    await expect.poll(() => row(list, 'Terraform drift').locator('td.col-updated time').getAttribute('datetime')).not.toBe(terraform.updated_at)
    const afterAdd = await row(list, 'Terraform drift').locator('td.col-updated time').getAttribute('datetime')

    // A trim moves its updated time again; the count never moved.
    await user.call('DELETE', `/api/users/${user.id}/chats/${terraform.id}/messages/last`)
    await expect.poll(() => row(list, 'Terraform drift').locator('td.col-updated time').getAttribute('datetime')).not.toBe(afterAdd)
    expect(await list.getByTestId('row-count').textContent()).toContain('7 chats')
    expect(await rowNames(list)).toHaveLength(7)
  })

  it('signed out on another device: the chat page\'s socket is closed (4001) and the page says why, with a way back in', async () => {
    const user = await signUp()
    const project = await createProject(user, 'Platform')
    const chat = await createChat(user, project.id, 'Helm upgrade fails')
    const page = await open(`/chats/${chat.id}?project=${project.id}`, { user })
    await page.locator('[data-testid="live-status"][data-live="on"]').waitFor()
    // Another device signs in and out: sign-out ends every session of the account.
    const elsewhere = await request('POST', '/api/auth/login', { json: { email: user.email, password: user.password } })
    expect((await request('POST', '/api/auth/logout', { cookie: sessionCookieOf(elsewhere) })).status).toBe(204)
    const status = page.locator('[data-testid="live-status"][data-live="signed-out"]')
    await status.waitFor()
    expect(await status.textContent()).toContain('Signed out — live updates stopped.')
    expect(await status.getAttribute('title')).toContain('this session was ended')
    await status.getByRole('link', { name: 'Sign in again' }).click()
    await page.waitForURL(url => url.pathname === '/login' && url.searchParams.get('redirect') === `/chats/${chat.id}?project=${project.id}`)
  })

  it('a password change made in this browser renews its cookie: the socket it closed reconnects, and stays live', async () => {
    const user = await signUp()
    const project = await createProject(user, 'Platform')
    const chat = await createChat(user, project.id, 'Helm upgrade fails')
    const page = await open(`/chats/${chat.id}?project=${project.id}`, { user })
    await page.locator('[data-testid="live-status"][data-live="on"]').waitFor()
    const sockets: string[] = []
    page.on('websocket', socket => sockets.push(socket.url()))
    // Through the browser's own cookie jar, as the account page does: the answer's new cookie replaces the old.
    const changed = await page.request.post(`/api/users/${user.id}/password`, { data: { current_password: user.password, new_password: 'a brand new password' } })
    expect(changed.status()).toBe(200)
    // The chat's socket reconnects once (the sidebar's user socket, closed too, reconnects on its own).
    await expect.poll(() => sockets.filter(url => url.includes('/api/v1/chats/')).length, { timeout: 10_000 }).toBe(1)
    await page.locator('[data-testid="live-status"][data-live="on"]').waitFor()
    const cookie = (await page.context().cookies()).find(c => c.name === 'neptun-session')!
    await addMessages({ ...user, call: (method, path, options = {}) => request(method, path, { ...options, cookie: `neptun-session=${cookie.value}` }) }, chat.id, [{ actor: 'user', message: 'After the new password' }])
    await page.getByText('After the new password').waitFor()
  })
})
