import { describe, expect, it } from 'vitest'
import { request, signUp } from '../helpers/client'

function expectBaseHeaders(headers: Headers) {
  expect(headers.get('x-content-type-options')).toBe('nosniff')
  expect(headers.get('x-frame-options')).toBe('DENY')
  expect(headers.get('referrer-policy')).toMatch(/^(strict-origin-when-cross-origin|no-referrer)$/)
  expect(headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/)
}

async function page(path: string, cookie?: string) {
  return request('GET', path, { cookie, headers: { accept: 'text/html' } })
}

/** The nonce of a page's CSP, after checking the policy allows no other inline script or style. */
function nonceOf(csp: string): string {
  const directives = Object.fromEntries(csp.split(';').map(d => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]))
  expect(directives['default-src']).toEqual(['\'self\''])
  expect(directives['object-src']).toEqual(['\'none\''])
  expect(directives['frame-ancestors']).toEqual(['\'none\''])
  const scriptSrc: string[] = directives['script-src']
  expect(scriptSrc).not.toContain('\'unsafe-inline\'')
  expect(scriptSrc).not.toContain('\'unsafe-eval\'')
  expect(directives['style-src']).not.toContain('\'unsafe-inline\'')
  const nonce = scriptSrc.find(value => value.startsWith('\'nonce-'))
  expect(nonce).toBeDefined()
  expect(directives['style-src']).toContain(nonce)
  return nonce!.slice('\'nonce-'.length, -1)
}

describe('security headers', () => {
  it('API answers: nosniff, no framing, a CSP that runs nothing, a Referrer-Policy', async () => {
    const user = await signUp()
    const ok = await user.call('GET', `/api/users/${user.id}/projects`)
    expect(ok.status).toBe(200)
    expectBaseHeaders(ok.headers)
    expect(ok.headers.get('content-security-policy')).toBe('default-src \'none\'; frame-ancestors \'none\'')
  })

  it('error answers carry them too', async () => {
    const response = await request('GET', '/api/users/1/projects')
    expect(response.status).toBe(401)
    expectBaseHeaders(response.headers)
  })

  it.each([
    ['/login', false], ['/register', false], ['/projects', true], ['/account', true], ['/no-such-page', true],
  ])('the page %s: a nonce CSP, and every inline <script> and <style> Nuxt wrote carries that nonce', async (path, signedIn) => {
    const response = await page(path, signedIn ? (await signUp()).cookie : undefined)
    expect(response.status).toBe(path === '/no-such-page' ? 404 : 200)
    expect(response.headers.get('content-type')).toMatch(/text\/html/)
    expectBaseHeaders(response.headers)
    const nonce = nonceOf(response.headers.get('content-security-policy')!)
    const tags = response.text.match(/<(script|style)\b[^>]*>/g) ?? []
    // Nuxt's inline config script, its payload and its inlined CSS are among them.
    expect(response.text).toMatch(/<script[^>]*>window\.__NUXT__/)
    expect(tags.length).toBeGreaterThanOrEqual(3)
    for (const tag of tags) expect(tag).toContain(`nonce="${nonce}"`)
    expect(response.text).not.toMatch(/\sstyle="/)
  })

  it('each page gets a fresh nonce', async () => {
    const [first, second] = await Promise.all([page('/login'), page('/login')])
    expect(nonceOf(first.headers.get('content-security-policy')!)).not.toBe(nonceOf(second.headers.get('content-security-policy')!))
  })
})
