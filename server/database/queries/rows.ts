import type { SQL } from 'drizzle-orm'
import type { DbOrTx } from '../client'

// The data layer runs inside Nitro and in-process in tests, so it imports nothing from server/utils.

/** Rows of a raw statement, whichever driver ran it (both answer `{ rows }`). */
export async function rowsOf<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = await db.execute(query)
  return (result as unknown as { rows: T[] }).rows
}

/** Raw statements bypass drizzle's column mapping: PGlite answers timestamps as text, pg as Date. */
export function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value)
}

/** A Postgres array literal for validated integer ids, sent as one parameter (`${intArray(ids)}::int4[]`). */
export function intArray(ids: readonly number[]): string {
  if (!ids.every(id => Number.isSafeInteger(id))) throw new TypeError('intArray takes integers only')
  return `{${ids.join(',')}}`
}
