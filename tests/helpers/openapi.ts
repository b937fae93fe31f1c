import Ajv2020 from 'ajv/dist/2020'
import addFormats from 'ajv-formats'
import { request, type ApiResponse } from './client'

// Checks a v1 answer against /api/v1/openapi.json: the operation exists, the status is one it
// documents, the body fits that status's schema, and every header marked required is there and
// fits its schema. The document is read once per test file.

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

let loaded: Promise<{ document: Json, ajv: Ajv2020 }> | undefined

export function loadOpenApi(): Promise<{ document: Json, ajv: Ajv2020 }> {
  return (loaded ??= (async () => {
    const response = await request('GET', '/api/v1/openapi.json')
    if (response.status !== 200) throw new Error(`openapi.json: ${response.status}`)
    const document = response.body as Json
    const ajv = new Ajv2020({ strict: false, allErrors: true })
    addFormats(ajv)
    ajv.addSchema({ $id: 'openapi', components: document.components }, 'openapi')
    return { document, ajv }
  })())
}

/**
 * `/api/v1/chats/3f…/export?x=1` → the document's path template it matches, or undefined; a
 * literal segment wins over a parameter (`/chats/batch-delete` is not `/chats/{chat_id}`).
 */
function templateOf(document: Json, path: string): string | undefined {
  const bare = path.split('?')[0]!
  const parameters = (template: string) => template.split('{').length
  return Object.keys(document.paths).sort((a, b) => parameters(a) - parameters(b)).find((template) => {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`)
    return pattern.test(bare)
  })
}

function check(ajv: Ajv2020, schema: Json, value: unknown, what: string): string[] {
  // Refs point into the document's components: resolve them against the schema added as 'openapi'.
  const text = JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/')
  const validate = ajv.compile(JSON.parse(text))
  return validate(value) ? [] : [`${what}: ${ajv.errorsText(validate.errors)}`]
}

/** The answer's departures from the document; empty when it conforms. HEAD answers have no body to check. */
export async function openApiProblems(method: string, path: string, response: ApiResponse): Promise<string[]> {
  const { document, ajv } = await loadOpenApi()
  const template = templateOf(document, path)
  const operation = template && document.paths[template][method === 'HEAD' ? 'get' : method.toLowerCase()]
  if (!operation) return [`${method} ${path}: no operation in the document`]
  const answer = operation.responses[String(response.status)]
  if (!answer) return [`${method} ${template}: status ${response.status} is not documented`]
  const problems: string[] = []
  for (const [name, spec] of Object.entries<Json>(answer.headers ?? {})) {
    const value = response.headers.get(name)
    if (value === null) {
      if (spec.required) problems.push(`${method} ${template} ${response.status}: header ${name} missing`)
      continue
    }
    problems.push(...check(ajv, spec.schema, value, `${method} ${template} ${response.status} header ${name}`))
  }
  if (method !== 'HEAD') {
    const schema = answer.content?.['application/json']?.schema
    if (schema) {
      if (!response.headers.get('content-type')?.startsWith('application/json')) problems.push(`${method} ${template} ${response.status}: content-type ${response.headers.get('content-type')}`)
      problems.push(...check(ajv, schema, response.body, `${method} ${template} ${response.status} body`))
    }
  }
  return problems
}
