import { existsSync, mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { baseURL, signUp, type TestUser } from '../helpers/client'
import { addMessages, createChat, createProject, type Chat } from '../helpers/fixtures'

export { baseURL }

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']

export const DESKTOP = { width: 1440, height: 900 }
export const MOBILE = { width: 375, height: 812 }

export const screenshotsDir = resolve(import.meta.dirname, '../../docs/screenshots')

interface OpenOptions {
  /** Signed in as this user (their session cookie is put in the browser). */
  user?: TestUser
  viewport?: { width: number, height: number }
  colorScheme?: 'light' | 'dark'
  /**
   * false: the page's live sockets connect to nothing and hear nothing (a socket that is down),
   * to test what the page does when a change made elsewhere was not pushed to it.
   */
  liveUpdates?: boolean
  /** Fake timers from the start (time still flows until the test pauses it with page.clock). */
  clock?: boolean
  /** Browser permissions to grant, e.g. clipboard-read and clipboard-write. */
  permissions?: string[]
  /** Called with the page before it loads, e.g. to watch its WebSockets from the start. */
  beforeLoad?: (page: Page) => void
}

/**
 * One Chromium per test file, a fresh context per page opened. Every page's console errors and
 * uncaught exceptions fail the test (expected HTTP error answers aside), so hydration mismatches
 * and runtime errors do not pass unnoticed.
 */
export function useBrowser() {
  let browser: Browser
  const contexts: BrowserContext[] = []
  const problems: string[] = []

  beforeAll(async () => {
    const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
    if (!existsSync(executablePath)) throw new Error(`No Chromium at ${executablePath}: apt-get install -y chromium, or set CHROMIUM_PATH`)
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS })
  })
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map(context => context.close()))
    const found = problems.splice(0)
    expect(found, 'console errors in the page').toEqual([])
  })
  afterAll(async () => {
    await browser?.close()
  })

  async function open(path: string, options: OpenOptions = {}): Promise<Page> {
    const context = await browser.newContext({
      baseURL,
      viewport: options.viewport ?? DESKTOP,
      colorScheme: options.colorScheme ?? 'light',
      reducedMotion: 'reduce',
      acceptDownloads: true,
      locale: 'en-US',
      timezoneId: 'UTC',
      permissions: options.permissions,
    })
    contexts.push(context)
    // Fail a step well before the test's own 30 s, with the locator that did not show up.
    context.setDefaultTimeout(10_000)
    // A page load fetches the app's scripts too: on a busy machine the first one of a run is slow.
    context.setDefaultNavigationTimeout(20_000)
    if (options.user) await signInWithCookie(context, options.user)
    if (options.liveUpdates === false) await context.routeWebSocket(/\/live$/, () => {})
    if (options.clock) await context.clock.install()
    const page = await context.newPage()
    options.beforeLoad?.(page)
    page.on('pageerror', error => problems.push(`pageerror: ${error.message}`))
    page.on('console', (message) => {
      // A refused request (404, 409, …) is logged by Chromium as "Failed to load resource": the UI handles those.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console: ${message.text()}`)
    })
    await page.goto(path)
    await page.locator('html[data-hydrated]').waitFor({ state: 'attached' })
    return page
  }

  return { open }
}

/** The sealed session cookie from signUp(), set for the test server's origin (Secure is fine on 127.0.0.1). */
export async function signInWithCookie(context: BrowserContext, user: TestUser) {
  const [name, value] = user.cookie.split(/=(.*)/s) as [string, string]
  await context.addCookies([{ name, value, url: baseURL, httpOnly: true, secure: true, sameSite: 'Lax' }])
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(screenshotsDir, { recursive: true })
  await page.screenshot({ path: resolve(screenshotsDir, name), fullPage: false, animations: 'disabled' })
}

/** The chat names in the table, top to bottom. */
export function rowNames(page: Page): Promise<string[]> {
  return page.locator('tbody tr [data-testid="chat-name"]').allTextContents().then(names => names.map(name => name.trim()))
}

export function row(page: Page, name: string) {
  return page.locator('tbody tr').filter({ has: page.getByRole('link', { name, exact: true }) })
}

export function toast(page: Page) {
  return page.locator('[data-testid="toast"]')
}

export const DEVOPS_CHATS: [name: string, model: string][] = [
  ['Terraform drift', 'google/gemma-2-27b-it'],
  ['Ansible idempotency', 'meta-llama/Llama-3.3-70B-Instruct'],
  ['Kubernetes CrashLoop', 'google/gemma-2-27b-it'],
  ['Helm values', 'mistralai/Mixtral-8x7B-Instruct-v0.1'],
  ['Bazel cache', 'meta-llama/Llama-3.3-70B-Instruct'],
  ['Docker layers', 'google/gemma-2-27b-it'],
]

/** A project with the six chats above, created in that order (so updated_at:desc lists them reversed). */
export async function seedProject(user: TestUser, chats = DEVOPS_CHATS): Promise<{ projectId: number, chats: Chat[] }> {
  const project = await createProject(user, 'Platform')
  const created: Chat[] = []
  for (const [name, model] of chats) created.push(await createChat(user, project.id, name, model))
  return { projectId: project.id, chats: created }
}

export { addMessages }

/** A user with a readable email, for the screenshots (each run starts from an empty database). */
export function signUpAs(email: string): Promise<TestUser> {
  return signUp({ email })
}
