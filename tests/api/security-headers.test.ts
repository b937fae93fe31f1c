import { randomBytes, randomUUID } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import { describe, expect, it } from 'vitest'
import { baseURL, request, signUp } from '../helpers/client'

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

/** A WebSocket handshake the server refuses: its status, its head as sent (raw header pairs) and its body. */
function refusedHandshake(path: string, headers: Record<string, string> = {}): Promise<{ status: number, rawHeaders: [string, string][], body: string }> {
  return new Promise((resolve, reject) => {
    const sent = httpRequest(new URL(path, baseURL), {
      headers: { 'connection': 'Upgrade', 'upgrade': 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': randomBytes(16).toString('base64'), ...headers },
    })
    sent.on('upgrade', () => reject(new Error('the handshake was accepted')))
    sent.on('response', (response) => {
      let body = ''
      response.on('data', (chunk: Buffer) => {
        body += chunk.toString()
      })
      response.on('end', () => {
        const pairs: [string, string][] = []
        for (let i = 0; i < response.rawHeaders.length; i += 2) pairs.push([response.rawHeaders[i]!.toLowerCase(), response.rawHeaders[i + 1]!])
        resolve({ status: response.statusCode ?? 0, rawHeaders: pairs, body })
      })
    })
    sent.on('error', reject)
    sent.end()
  })
}

describe('security headers outside the API\'s handlers', () => {
  it('the built files under /_nuxt/ (served before any middleware) carry nosniff, no framing and a Referrer-Policy', async () => {
    const html = (await page('/login')).text
    const assets = [...new Set([...html.matchAll(/(?:src|href)="(\/_nuxt\/[^"]+\.(?:js|css))"/g)].map(match => match[1]!))]
    expect(assets.some(asset => asset.endsWith('.js'))).toBe(true)
    for (const asset of assets.slice(0, 4)) {
      const response = await request('GET', asset)
      expect(response.status, asset).toBe(200)
      expect(response.headers.get('x-content-type-options'), asset).toBe('nosniff')
      expect(response.headers.get('x-frame-options'), asset).toBe('DENY')
      expect(response.headers.get('referrer-policy'), asset).toBe('strict-origin-when-cross-origin')
      expect(response.headers.get('content-type'), asset).toMatch(/^(text\/javascript|application\/javascript|text\/css)/)
    }
  })

  it.each([
    ['no credentials', `/api/v1/chats/${randomUUID()}/live`, {}, 401],
    ['a malformed chat_id', '/api/v1/chats/nope/live', { 'x-api-key': 'nk_short' }, 401],
    ['another user\'s stream', '/api/users/1/live', {}, 401],
    ['a cross-site page', `/api/v1/chats/${randomUUID()}/live`, { origin: 'https://evil.example', cookie: 'neptun-session=x' }, 401],
  ])('a refused WebSocket handshake (%s) answers JSON with a well-formed content-type and the API\'s security headers', async (_case, path, headers, status) => {
    const refused = await refusedHandshake(path, headers)
    expect(refused.status).toBe(status)
    const names = refused.rawHeaders.map(([name]) => name)
    // Each header once, none percent-encoded.
    expect(new Set(names).size).toBe(names.length)
    const head = Object.fromEntries(refused.rawHeaders)
    expect(head).toMatchObject({
      'content-type': 'application/json',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'strict-origin-when-cross-origin',
      'content-security-policy': 'default-src \'none\'; frame-ancestors \'none\'',
      'content-length': String(Buffer.byteLength(refused.body)),
    })
    expect(JSON.parse(refused.body)).toMatchObject({ statusCode: status, statusMessage: 'Unauthorized', message: expect.any(String) })
  })
})
