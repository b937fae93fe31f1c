import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { signUp } from '../helpers/client'
import { createChat } from '../helpers/fixtures'
import { DESKTOP, MOBILE, seedProject, useBrowser } from './browser'

const { open } = useBrowser()

function sidebarNames(page: Page): Promise<string[]> {
  return page.getByTestId('sidebar-chats').getByRole('link').allTextContents().then(names => names.map(name => name.trim()))
}

describe.each([['desktop', DESKTOP], ['375 px', MOBILE]] as const)('the chat page\'s sidebar is live (%s)', (_label, viewport) => {
  it('chats created, renamed and deleted elsewhere appear, change and leave; a rename of the open chat changes its heading', async () => {
    const user = await signUp()
    const { projectId, chats } = await seedProject(user)
    const [terraform, ansible, kubernetes] = chats
    // The user's live socket said `ready`: events sent from now on reach the page.
    let userSocketReady = false
    const page = await open(`/chats/${terraform!.id}?project=${projectId}`, {
      user,
      viewport,
      beforeLoad: tab => tab.on('websocket', (socket) => {
        if (!/\/api\/users\/\d+\/live$/.test(socket.url())) return
        socket.on('framereceived', frame => (userSocketReady ||= String(frame.payload).includes('"ready"')))
      }),
    })
    await page.getByRole('heading', { level: 1, name: 'Terraform drift' }).waitFor()
    if (viewport === MOBILE) await page.getByRole('button', { name: 'Chats', exact: true }).click()
    await expect.poll(() => sidebarNames(page)).toHaveLength(6)
    await expect.poll(() => userSocketReady).toBe(true)

    // Created in another tab: first (newest).
    await createChat(user, projectId, 'Created elsewhere')
    await expect.poll(async () => (await sidebarNames(page))[0]).toBe('Created elsewhere')

    // Renamed elsewhere: the new name, moved to the top (its updated time moved).
    expect((await user.call('PATCH', `/api/users/${user.id}/projects/${projectId}/chats/${ansible!.id}`, { json: { name: 'Ansible, renamed' } })).status).toBe(200)
    await expect.poll(async () => (await sidebarNames(page))[0]).toBe('Ansible, renamed')
    expect(await sidebarNames(page)).not.toContain('Ansible idempotency')

    // Deleted elsewhere: gone.
    expect((await user.call('DELETE', `/api/users/${user.id}/projects/${projectId}/chats/${kubernetes!.id}`)).status).toBe(200)
    await expect.poll(() => sidebarNames(page)).not.toContain('Kubernetes CrashLoop')
    expect(await sidebarNames(page)).toHaveLength(6)

    // The open chat renamed elsewhere: the sidebar and the heading follow.
    expect((await user.call('PATCH', `/api/users/${user.id}/projects/${projectId}/chats/${terraform!.id}`, { json: { name: 'Terraform drift, renamed' } })).status).toBe(200)
    await page.getByRole('heading', { level: 1, name: 'Terraform drift, renamed' }).waitFor()
    await expect.poll(async () => (await sidebarNames(page))[0]).toBe('Terraform drift, renamed')
    expect(await page.getByTestId('sidebar-chats').getByRole('link', { name: 'Terraform drift, renamed' }).getAttribute('aria-current')).toBe('page')
  })
})
