import { describe, expect, it } from 'vitest'
import { signUp } from '../helpers/client'
import { createProject } from '../helpers/fixtures'
import { exportedChat, zipOfChats } from '../helpers/import'
import { MOBILE, rowNames, useBrowser } from './browser'

const { open } = useBrowser()

describe.each([['desktop', undefined], ['375 px', MOBILE]] as const)('Import on the project page (%s)', (_label, viewport) => {
  it('imports an export\'s ZIP into an empty project: the chats appear and the page says what came back', async () => {
    const user = await signUp()
    const project = await createProject(user, 'Restored')
    const zip = await zipOfChats([
      exportedChat({ name: 'Terraform drift', messages: [{ actor: 'user', message: 'plan?' }, { actor: 'assistant', message: 'apply' }] }),
      exportedChat({ name: 'Helm rollback', kept: true }),
    ])
    const page = await open(`/projects/${project.id}`, { user, viewport })
    await page.getByTestId('empty-state').waitFor()

    await page.getByTestId('import-file').setInputFiles({ name: 'neptun-project-1.zip', mimeType: 'application/zip', buffer: zip })
    await expect.poll(() => page.getByTestId('import-outcome').textContent()).toBe('Imported 2 chats and 3 messages from neptun-project-1.zip.')
    await expect.poll(() => rowNames(page).then(names => [...names].sort())).toEqual(['Helm rollback', 'Terraform drift'])
    expect(await page.getByTestId('import-chats').textContent()).toContain('Import')
    expect(await page.getByTestId('import-chats').isDisabled()).toBe(false)
  })

  it('a bad file: the server\'s reason is shown, nothing appears', async () => {
    const user = await signUp()
    const project = await createProject(user, 'Restored')
    const page = await open(`/projects/${project.id}`, { user, viewport })
    await page.getByTestId('empty-state').waitFor()
    const chat = { ...exportedChat(), format_version: 2 }
    await page.getByTestId('import-file').setInputFiles({ name: 'chat.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(chat)) })
    await expect.poll(() => page.getByTestId('import-outcome').textContent())
      .toBe('The import failed: body: format_version: must be 1 (the version this server reads). Nothing was imported.')
    expect(await page.getByTestId('empty-state').isVisible()).toBe(true)
  })
})
