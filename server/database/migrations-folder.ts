import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The built server may be started from any working directory, so the migrations are found
 * relative to the running code: `drizzle/` beside the project in development, and the copy
 * the build ships in `.output/server/drizzle`. (MIGRATIONS_DIR, when set, is used instead.)
 */
export function findMigrationsFolder(fromUrl: string): string {
  let dir = dirname(fileURLToPath(fromUrl))
  for (;;) {
    const candidate = join(dir, 'drizzle')
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`No drizzle migrations folder found above ${fileURLToPath(fromUrl)}; set MIGRATIONS_DIR`)
    dir = parent
  }
}
