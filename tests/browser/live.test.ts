import { describe, expect, it } from 'vitest'
import { signUp } from '../helpers/client'
import { addMessages, createChat, createProject } from '../helpers/fixtures'
import { row, screenshot, seedProject, toast, useBrowser } from './browser'

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
})
