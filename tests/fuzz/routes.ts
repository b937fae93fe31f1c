import { readdirSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'

// Every route the server has, read from the file tree Nitro and Nuxt route by, so a route added
// later is fuzzed without anyone remembering to list it here.

export interface RouteTemplate {
  /** `DELETE`, or undefined when the file answers every method. */
  method?: string
  /** Segments: literals, or `{ param }` for `[param]` / `[...param]`. */
  segments: (string | { param: string })[]
  kind: 'api' | 'page'
  /** The file it is defined in. */
  file: string
}

const root = resolve(import.meta.dirname, '../..')
const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options']

function filesUnder(dir: string): string[] {
  let entries
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  }
  catch {
    return []
  }
  return entries.flatMap(entry => entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)])
}

function segmentsOf(parts: string[]): RouteTemplate['segments'] {
  return parts.filter(part => part !== 'index' && part !== '').map((part) => {
    const param = /^\[(?:\.\.\.)?([^\]]+)\]$/.exec(part)?.[1]
    return param ? { param } : part
  })
}

export function discoverRoutes(): RouteTemplate[] {
  const api = filesUnder(join(root, 'server/api')).filter(file => file.endsWith('.ts')).map((file) => {
    const parts = relative(join(root, 'server/api'), file).replace(/\.ts$/, '').split('/')
    const last = parts.pop()!.split('.')
    const method = last.length > 1 && METHODS.includes(last.at(-1)!) ? last.pop()!.toUpperCase() : undefined
    return { method, segments: ['api', ...segmentsOf([...parts, last.join('.')])], kind: 'api' as const, file }
  })
  const routes = filesUnder(join(root, 'server/routes')).filter(file => file.endsWith('.ts')).map((file) => {
    const parts = relative(join(root, 'server/routes'), file).replace(/\.ts$/, '').split('/')
    const last = parts.pop()!.split('.')
    const method = last.length > 1 && METHODS.includes(last.at(-1)!) ? last.pop()!.toUpperCase() : undefined
    return { method, segments: segmentsOf([...parts, last.join('.')]), kind: 'api' as const, file }
  })
  const pages = filesUnder(join(root, 'pages')).filter(file => file.endsWith('.vue')).map(file => ({
    method: 'GET',
    segments: segmentsOf(relative(join(root, 'pages'), file).replace(/\.vue$/, '').split('/')),
    kind: 'page' as const,
    file,
  }))
  return [...api, ...routes, ...pages]
}

/** `POST /api/users/:user_id/projects`: how reports name a route. */
export function routeName(route: RouteTemplate): string {
  return `${route.method ?? '*'} /${route.segments.map(s => typeof s === 'string' ? s : `:${s.param}`).join('/')}`
}

/** `user_id`, `userId` and `user` name the same thing. */
export function paramKind(name: string): 'user' | 'project' | 'chat' | 'message' | 'other' {
  const key = name.toLowerCase().replace(/[^a-z]/g, '').replace(/id$/, '')
  if (key === 'user') return 'user'
  if (key === 'project') return 'project'
  if (key === 'chat') return 'chat'
  if (key === 'message') return 'message'
  return 'other'
}
