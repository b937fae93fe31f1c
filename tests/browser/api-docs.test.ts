import { describe, expect, it } from 'vitest'
import { signUp } from '../helpers/client'
import { useBrowser } from './browser'

// The v1 reference page (/docs/api): reached from the API keys page, it renders every operation of
// /api/v1/openapi.json with our own components (the CSP would refuse anything from elsewhere).

const { open } = useBrowser()

describe('the API reference page', () => {
  it('is linked from the API keys page and lists the v1 routes with parameters, answers and examples', async () => {
    const user = await signUp()
    const page = await open('/settings/api-keys', { user })
    await page.getByTestId('api-reference-link').click()
    await page.getByRole('heading', { name: 'API reference', level: 1 }).waitFor()
    expect(new URL(page.url()).pathname).toBe('/docs/api')

    const contents = page.getByRole('navigation', { name: 'Operations' })
    for (const route of ['GET /api/v1/chats', 'GET /api/v1/chats/{chat_id}', 'DELETE /api/v1/chats/{chat_id}', 'GET /api/v1/receipts/{receipt_id}']) {
      await contents.getByText(route, { exact: true }).waitFor()
    }
    const document = (await user.call('GET', '/api/v1/openapi.json')).body
    const count = Object.values<Record<string, unknown>>(document.paths).reduce((sum, methods) => sum + Object.keys(methods).length, 0)
    expect(await page.getByTestId('api-operation').count()).toBe(count)

    const del = page.locator('#deleteChat')
    await contents.getByRole('link', { name: 'DELETE /api/v1/chats/{chat_id}', exact: true }).click()
    expect(new URL(page.url()).hash).toBe('#deleteChat')
    expect(await del.getByRole('row').filter({ hasText: 'Idempotency-Key' }).count()).toBe(1)
    expect(await del.getByText('chats:delete').count()).toBeGreaterThan(0)
    const ok = del.locator('details').filter({ hasText: 'Deleted' }).first()
    expect(await ok.getAttribute('open')).not.toBeNull()
    expect(await ok.textContent()).toContain('Neptun-Receipt-Id')
    expect(await ok.locator('pre').textContent()).toContain('"success": true')
    // An error answer opens on click and shows the error shape.
    const notFound = del.locator('details').filter({ hasText: /^\s*404/ })
    await notFound.locator('summary').click()
    expect(await notFound.locator('pre').textContent()).toContain('"statusCode"')
  })
})
