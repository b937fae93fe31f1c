// How the API writes a UUID (v1 chat ids, receipt ids): 8-4-4-4-12 hex digits, any case, any
// version — what Postgres' uuid type takes without a cast error.
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isUuid(text: string): boolean {
  return UUID_PATTERN.test(text)
}
