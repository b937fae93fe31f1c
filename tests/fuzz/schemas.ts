import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { z } from 'zod'
import type { RouteTemplate } from './routes'

// The JSON body each route reads, found the way the route names it — its `readJsonBody(event,
// Schema…)` call and the import of Schema from #server/schemas/… — and the fields of that zod
// schema: so a field or a route added later is fuzzed without anyone listing it here.

const root = resolve(import.meta.dirname, '../..')

/** A field's place in a body: property names, and EACH for "every item of this array". */
export const EACH = '[]'
export type FieldPath = string[]

/** What the fuzzer reads of a zod schema (zod 4's definition object). */
interface Def {
  type: string
  shape?: Record<string, z.ZodType>
  element?: z.ZodType
  innerType?: z.ZodType
  in?: z.ZodType
  checks?: { _zod: { def: { check: string, minimum?: number, maximum?: number } } }[]
}

export function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def
}

/** Of an array schema: its min and max length, when it has them. */
export function lengthsOf(schema: z.ZodType): { min?: number, max?: number } {
  const checks = defOf(schema).checks?.map(check => check._zod.def) ?? []
  return { min: checks.find(c => c.check === 'min_length')?.minimum, max: checks.find(c => c.check === 'max_length')?.maximum }
}

/** Optional, nullable, default and pipe wrappers peeled off: the schema the input meets first. */
export function unwrap(schema: z.ZodType): z.ZodType {
  const def = defOf(schema)
  if (def.innerType) return unwrap(def.innerType)
  if (def.type === 'pipe' && def.in) return unwrap(def.in)
  return schema
}

/** Other ways of reading a body than readJsonBody: what they read is not a JSON schema's fields. */
const OTHER_BODY_READERS = /\b(readBody|readRawBody|readValidatedBody|readFormData|readMultipartFormData)\s*\(/

export interface RouteBody {
  /** The schema's export name, as the route file imports it. */
  name: string
  schema: z.ZodType
}

/**
 * The route's JSON body schema; undefined when it reads none. A route that passes readJsonBody a
 * schema defined anywhere but server/schemas/ is an error: its fields could not be found here.
 */
export async function bodyOf(route: RouteTemplate): Promise<RouteBody | undefined> {
  const source = readFileSync(route.file, 'utf8')
  const call = /readJsonBody\(\s*event\s*,\s*(\w+)/.exec(source)
  if (!call) return undefined
  const name = call[1]!
  const from = [...source.matchAll(/import\s*\{([^}]*)\}\s*from\s*'#server\/schemas\/([\w-]+)'/g)]
    .find(([, names]) => names!.split(',').map(item => item.trim()).includes(name))
  if (!from) throw new Error(`${route.file}: readJsonBody's schema ${name} must be imported from #server/schemas/ (the fuzz reads its fields there)`)
  const module = await import(resolve(root, 'server/schemas', `${from[2]}.ts`)) as Record<string, z.ZodType>
  const schema = module[name]
  if (!schema) throw new Error(`${route.file}: no ${name} in server/schemas/${from[2]}.ts`)
  return { name, schema }
}

/** Whether the route reads its body some other way (a file upload, raw text). */
export function readsOtherBody(route: RouteTemplate): boolean {
  return OTHER_BODY_READERS.test(readFileSync(route.file, 'utf8'))
}

/** Every string field of a schema, however deep (`messages[].message`). */
export function stringFields(schema: z.ZodType, path: FieldPath = []): FieldPath[] {
  const inner = unwrap(schema)
  const def = defOf(inner)
  switch (def.type) {
    case 'string':
      return [path]
    case 'object':
      return Object.entries(def.shape ?? {}).flatMap(([key, child]) => stringFields(child, [...path, key]))
    case 'array':
      return def.element ? stringFields(def.element, [...path, EACH]) : []
    default:
      return []
  }
}

export function fieldName(path: FieldPath): string {
  return path.join('.').replaceAll(`.${EACH}`, EACH)
}

/** A copy of `body` with the field at `path` set to `value` (every item of an array it crosses). */
export function withValueAt(body: unknown, path: FieldPath, value: unknown): unknown {
  if (path.length === 0) return value
  const [head, ...rest] = path
  if (head === EACH) return (Array.isArray(body) ? body : [undefined]).map(item => withValueAt(item, rest, value))
  const object = body && typeof body === 'object' && !Array.isArray(body) ? body as Record<string, unknown> : {}
  return { ...object, [head!]: withValueAt(object[head!], rest, value) }
}

/** A body the schema would take, near enough: the fields' text rule is checked before anything else. */
export function sampleOf(schema: z.ZodType, name?: string): unknown {
  const inner = unwrap(schema)
  const def = defOf(inner)
  switch (def.type) {
    case 'object':
      return Object.fromEntries(Object.entries(def.shape ?? {}).map(([key, child]) => [key, sampleOf(child, key)]))
    case 'array':
      return Array.from({ length: Math.max(1, lengthsOf(inner).min ?? 1) }, () => sampleOf(def.element!))
    case 'string': {
      const { minLength, format } = inner as z.ZodString
      if (format === 'email' || name === 'email') return `fuzz-${Date.now()}@example.test`
      return 'x'.repeat(Math.max(minLength ?? 0, name?.includes('password') ? 12 : 1))
    }
    case 'enum':
      return (inner as z.ZodEnum).options[0]
    case 'number':
      return 1
    case 'boolean':
      return true
    default:
      return null
  }
}

/** The field path with each array crossed at its first item (`['messages', 0, 'message']`), as an issue names it. */
export function concretePath(path: FieldPath): (string | number)[] {
  return path.map(key => key === EACH ? 0 : key)
}
