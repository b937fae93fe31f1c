// Reading the v1 OpenAPI document (/api/v1/openapi.json) for the reference page (/docs/api):
// the operations in order, `$ref`s resolved against its components, a type's one-line label and
// an example value built from a schema (its own `example`, else `const`, `enum`, format, type).

export interface JsonSchema {
  $ref?: string
  type?: string | string[]
  format?: string
  description?: string
  example?: unknown
  const?: unknown
  enum?: unknown[]
  pattern?: string
  minimum?: number
  maximum?: number
  minLength?: number
  maxLength?: number
  minItems?: number
  maxItems?: number
  default?: unknown
  items?: JsonSchema
  properties?: Record<string, JsonSchema>
  required?: string[]
  additionalProperties?: boolean | JsonSchema
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
}

export interface ApiParameter { name: string, in: string, required?: boolean, description?: string, schema: JsonSchema, example?: unknown }
export interface ApiHeader { description?: string, required?: boolean, schema: JsonSchema }
export interface ApiResponse { description: string, headers?: Record<string, ApiHeader>, content?: Record<string, { schema: JsonSchema }> }

export interface ApiOperation {
  'operationId': string
  'summary': string
  'description'?: string
  'x-scope'?: string
  'parameters'?: ApiParameter[]
  'requestBody'?: { content: Record<string, { schema: JsonSchema }> }
  'responses': Record<string, ApiResponse>
}

export interface OpenApiDocument {
  info: { title: string, version: string, description?: string }
  paths: Record<string, Record<string, ApiOperation>>
  components?: { schemas?: Record<string, JsonSchema> }
}

export interface ListedOperation { method: string, path: string, operation: ApiOperation }

/** Every operation, in the document's order of paths, GET before POST before DELETE. */
export function operationsOf(document: OpenApiDocument): ListedOperation[] {
  const order = ['get', 'post', 'put', 'patch', 'delete']
  return Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods)
    .filter(([method]) => order.includes(method))
    .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
    .map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })))
}

/** The schema a `$ref` names (`#/components/schemas/Chat`), or the schema itself. */
export function resolveSchema(document: OpenApiDocument, schema: JsonSchema): JsonSchema {
  const name = schema.$ref?.startsWith('#/components/schemas/') ? schema.$ref.slice('#/components/schemas/'.length) : undefined
  return name ? { ...document.components?.schemas?.[name], ...(schema.description ? { description: schema.description } : {}) } : schema
}

/** The component's name when the schema is a `$ref` to one. */
export function refName(schema: JsonSchema): string | undefined {
  return schema.$ref?.split('/').pop()
}

/** A short label: `string (uuid)`, `integer ≥ 0`, `array of Chat`, `"true" | "false"`. */
export function typeLabel(document: OpenApiDocument, schema: JsonSchema): string {
  const ref = refName(schema)
  if (ref) return ref
  if (schema.const !== undefined) return JSON.stringify(schema.const)
  if (schema.enum) return schema.enum.map(value => JSON.stringify(value)).join(' | ')
  const variants = schema.anyOf ?? schema.oneOf
  if (variants) return variants.map(variant => typeLabel(document, variant)).join(' | ')
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : schema.type ?? 'any'
  if (type === 'array' && schema.items) return `array of ${typeLabel(document, schema.items)}`
  const limits = [
    schema.format && `(${schema.format})`,
    schema.minimum !== undefined && `≥ ${schema.minimum}`,
    schema.maximum !== undefined && `≤ ${schema.maximum}`,
    schema.minLength !== undefined && schema.maxLength !== undefined && `${schema.minLength}–${schema.maxLength} chars`,
    schema.minItems !== undefined && schema.maxItems !== undefined && `${schema.minItems}–${schema.maxItems} items`,
  ].filter(Boolean)
  return [type, ...limits].join(' ')
}

const FORMAT_EXAMPLES: Record<string, unknown> = {
  'uuid': '2e6d0faf-6246-47fd-bec1-a4771c95b4f6',
  'date-time': '2026-11-23T19:17:22.392Z',
  'uri': 'https://example.com',
  'email': 'user@example.com',
}

/** An example value of the schema, depth-limited (recursive schemas end in null). */
export function exampleOf(document: OpenApiDocument, schema: JsonSchema, depth = 0): unknown {
  if (depth > 8) return null
  const resolved = resolveSchema(document, schema)
  if (resolved.example !== undefined) return resolved.example
  if (resolved.const !== undefined) return resolved.const
  if (resolved.enum?.length) return resolved.enum[0]
  if (resolved.default !== undefined) return resolved.default
  const variant = resolved.anyOf?.[0] ?? resolved.oneOf?.[0]
  if (variant) return exampleOf(document, variant, depth + 1)
  const type = Array.isArray(resolved.type) ? resolved.type.find(t => t !== 'null') : resolved.type
  if (resolved.properties || type === 'object') {
    return Object.fromEntries(Object.entries(resolved.properties ?? {}).map(([name, property]) => [name, exampleOf(document, property, depth + 1)]))
  }
  if (type === 'array') return resolved.items ? [exampleOf(document, resolved.items, depth + 1)] : []
  if (type === 'string') return FORMAT_EXAMPLES[resolved.format ?? ''] ?? 'string'
  if (type === 'integer' || type === 'number') return resolved.minimum ?? 0
  if (type === 'boolean') return true
  return null
}
