import type { Db } from '#server/database/client'
import type { Owner } from '#server/database/queries/session-scope'
import { useSettings } from '#server/settings'
import { badRequest } from '#server/utils/errors'
import type { ImportResult } from '#shared/types/import'
import { ImportInputError } from './issues'
import { readImport, type ImportBody } from './read'
import { writeImport } from './write'

// Import (docs/architecture.md, "Import"): an export's ZIP, or one chat's JSON, into a project —
// names, models, kept, messages in their order and every time as exported, with new ids and uuids.
// Every file is checked first (a bad one is a 400 naming it and its field, nothing written), then
// everything is written in one transaction, in chunks of bounded statements.

export type { ImportBody } from './read'
export { importProjectFound } from './queries'

/** undefined: not the owner's project (or the session ended); bad input throws badRequest's 400. */
export async function importIntoProject(db: Db, owner: Owner, projectId: number, body: ImportBody): Promise<ImportResult | undefined> {
  const limits = useSettings().import
  try {
    const plan = await readImport(body, { maxFiles: limits.maxFiles, maxUncompressedBytes: limits.maxUncompressedBytes })
    return await writeImport(db, owner, projectId, plan.each())
  }
  catch (error) {
    if (error instanceof ImportInputError) throw badRequest(error.issues)
    throw error
  }
}
