import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { request, sessionCookieOf, signUp } from '../helpers/client'
import { createProject } from '../helpers/fixtures'
import { DESKTOP, MOBILE, toast, useBrowser } from './browser'

const { open } = useBrowser()

describe('signing up, in and out', () => {
  it('signs up through the form, lands on the projects page with the email in the header, and signs out', async () => {
    const page = await open('/register')
    const email = `ui-${randomUUID()}@example.test`
    await page.getByLabel('Email').fill(email)
    await page.getByLabel(/^Password/).fill('short')
    await page.getByRole('button', { name: 'Create account' }).click()
    await expect.poll(() => page.locator('#register-password-error').textContent()).toContain('at least 8 characters')

    await page.getByLabel(/^Password/).fill('correct horse battery')
    await page.getByRole('button', { name: 'Create account' }).click()
    await page.waitForURL('**/projects')
    await page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor()
    await page.getByRole('button', { name: 'Account menu' }).click()
    expect((await page.getByTestId('user-email').textContent())?.trim()).toBe(email)

    await page.getByRole('menuitem', { name: 'Sign out on this device' }).click()
    await page.waitForURL('**/login')
    await page.goto('/projects')
    await page.waitForURL(url => url.pathname === '/login' && url.searchParams.get('redirect') === '/projects')
  })

  it('changes the password on the account page: a wrong current password shows at its field; then other devices are signed out and this one stays', async () => {
    const user = await signUp()
    const page = await open('/projects', { user })
    await page.getByRole('button', { name: 'Account menu' }).click()
    await page.getByRole('menuitem', { name: 'Account' }).click()
    await page.waitForURL('**/account')
    await page.getByLabel('Current password').fill('not my password')
    await page.getByLabel('New password').fill('a brand new password')
    await page.getByRole('button', { name: 'Change password' }).click()
    await expect.poll(() => page.locator('#current-password-error').textContent()).toContain('Current password is incorrect')

    await page.getByLabel('Current password').fill(user.password)
    await page.getByRole('button', { name: 'Change password' }).click()
    await expect.poll(() => toast(page).textContent()).toContain('Password changed')
    // The cookie the test signed in with stands for another device: it no longer opens the account.
    expect((await request('GET', '/api/auth/session', { cookie: user.cookie })).status).toBe(401)
    await page.goto('/projects')
    await page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor()
    expect((await request('POST', '/api/auth/login', { json: { email: user.email, password: 'a brand new password' } })).status).toBe(200)
  })

  it.each([['desktop', DESKTOP], ['phone', MOBILE]] as const)('the account page signs out of this device only, or everywhere, and says what each does (%s)', async (_, viewport) => {
    const user = await signUp()
    const signIn = async () => sessionCookieOf(await request('POST', '/api/auth/login', { json: { email: user.email, password: user.password } }))
    const sessionStatus = (cookie: string) => request('GET', '/api/auth/session', { cookie }).then(response => response.status)
    const laptop = await signIn()
    const phone = await signIn()

    const page = await open('/account', { user: { ...user, cookie: laptop }, viewport })
    const section = page.getByRole('region', { name: 'Sign out' })
    const described = (name: string) => section.getByRole('button', { name }).evaluate(button => document.getElementById(button.getAttribute('aria-describedby')!)?.textContent ?? '')
    expect(await described('Sign out of this device')).toContain('Your other devices stay signed in')
    expect(await described('Sign out everywhere')).toContain('Ends every session of your account at once')
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width)

    // This device only: the page is signed out, the account's other sessions go on.
    await section.getByRole('button', { name: 'Sign out of this device' }).click()
    await page.waitForURL('**/login')
    expect(await sessionStatus(phone)).toBe(200)
    expect(await sessionStatus(user.cookie)).toBe(200)

    // Everywhere, from the phone: every session ends.
    const phonePage = await open('/account', { user: { ...user, cookie: phone }, viewport })
    await phonePage.getByRole('region', { name: 'Sign out' }).getByRole('button', { name: 'Sign out everywhere' }).click()
    await phonePage.waitForURL('**/login')
    expect(await sessionStatus(phone)).toBe(401)
    expect(await sessionStatus(user.cookie)).toBe(401)
  })

  it('shows the server\'s errors next to the fields: a taken email, a wrong password', async () => {
    const user = await signUp()
    const page = await open('/register')
    await page.getByLabel('Email').fill(user.email)
    await page.getByLabel(/^Password/).fill('another password')
    await page.getByRole('button', { name: 'Create account' }).click()
    await expect.poll(() => page.locator('#register-email-error').textContent()).toContain('already exists')

    await page.goto('/login')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => page.locator('#login-email-error').textContent()).toContain('Enter your email')
    await page.getByLabel('Email').fill(user.email)
    await page.getByLabel('Password').fill('wrong password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Invalid email or password')
    // No demo account offered by a production build.
    expect(await page.getByTestId('demo-account').count()).toBe(0)
  })

  it('sends a user whose session ended while the page was open to sign-in, and back afterwards', async () => {
    const user = await signUp()
    const project = await createProject(user, 'Expiring')
    // Without live updates: the live socket's re-read when it connects would meet the ended session
    // first (and redirect just as well); this test is about the create call meeting it.
    const page = await open(`/projects/${project.id}`, { user, liveUpdates: false })
    await page.getByText('No chats in this project yet').waitFor()
    // The session ends elsewhere: the next API call answers 401.
    await page.context().clearCookies()
    await page.getByRole('button', { name: 'New chat' }).first().click()
    const form = page.getByRole('dialog', { name: 'New chat' })
    await form.getByLabel('Name').fill('After the session ended')
    await form.getByRole('button', { name: 'Create chat' }).click()
    await page.waitForURL(url => url.pathname === '/login' && url.searchParams.get('redirect') === `/projects/${project.id}`)

    await page.getByLabel('Email').fill(user.email)
    await page.getByLabel('Password').fill(user.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(url => url.pathname === `/projects/${project.id}`)
  })

  it('sends a signed-out visitor to sign-in and back to the page they asked for', async () => {
    const user = await signUp()
    const project = await createProject(user, 'Redirected')
    const target = `/projects/${project.id}?order_by=name:asc`
    const page = await open(target)
    await page.waitForURL(url => url.pathname === '/login')
    expect(new URL(page.url()).searchParams.get('redirect')).toBe(target)

    await page.getByLabel('Email').fill(user.email)
    await page.getByLabel('Password').fill(user.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(url => url.pathname === `/projects/${project.id}`)
    expect(new URL(page.url()).searchParams.get('order_by')).toBe('name:asc')
    await page.getByRole('heading', { name: 'Redirected' }).waitFor()

    // Signed in, the sign-in page sends you on.
    await page.goto('/login')
    await page.waitForURL('**/projects')
  })

  it('ignores a redirect to another site', async () => {
    const user = await signUp()
    const page = await open('/login?redirect=//evil.example/steal')
    await page.getByLabel('Email').fill(user.email)
    await page.getByLabel('Password').fill(user.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(url => url.pathname === '/projects')
  })

  it('keeps the session cookie set from the API (Secure on http://127.0.0.1) and creates a project', async () => {
    const user = await signUp()
    const page = await open('/projects', { user })
    await page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor()
    await page.getByText('No projects yet').waitFor()
    await page.getByLabel('Name').fill('Observability')
    await page.getByLabel('Description (optional)').fill('Dashboards and alerts')
    await page.getByRole('button', { name: 'Create project' }).click()
    await page.getByRole('link', { name: /Observability/ }).click()
    await page.waitForURL(/\/projects\/\d+$/)
    await page.getByText('No chats in this project yet').waitFor()
  })

  it('answers a project or chat of another user with the 404 page', async () => {
    const owner = await signUp()
    const project = await createProject(owner, 'Not yours')
    const stranger = await signUp()
    const page = await open(`/projects/${project.id}`, { user: stranger })
    await page.getByRole('heading', { name: 'Project not found' }).waitFor()
    await page.getByText('This project does not exist or is not yours.').waitFor()
    expect((await page.reload())?.status()).toBe(404)
    expect((await page.goto('/chats/999999'))?.status()).toBe(404)
    await page.getByRole('heading', { name: 'Chat not found' }).waitFor()
    await page.getByText('This chat does not exist or is not yours.').waitFor()
    await page.getByRole('link', { name: 'Back to your projects' }).click()
    await page.waitForURL('**/projects')
  })

  it.each([['desktop', DESKTOP], ['phone', MOBILE]] as const)('a 404 says what was not found (%s): an address no page answers, or a chat', async (_, viewport) => {
    const user = await signUp()
    const page = await open('/nope/not-here?x=1', { user, viewport })
    const errorPage = page.getByTestId('error-page')
    await page.getByRole('heading', { name: 'Page not found' }).waitFor()
    expect(await errorPage.textContent()).toContain('No page at /nope/not-here?x=1.')
    expect(await errorPage.textContent()).not.toContain('chat')
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width)
    expect((await page.reload())?.status()).toBe(404)

    // A chat that does not exist says so instead.
    expect((await page.goto('/chats/2147483647'))?.status()).toBe(404)
    await page.getByRole('heading', { name: 'Chat not found' }).waitFor()
    expect(await errorPage.textContent()).toContain('This chat does not exist or is not yours.')
    expect(await errorPage.textContent()).not.toContain('No page at')
  })
})
