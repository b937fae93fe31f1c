import type { ImportResult } from '#shared/types/import'

/**
 * Import (docs/api.md, "POST …/projects/[project_id]/import"): an export's ZIP or one chat's JSON
 * into a project. `importing` while it runs; resolves with the server's counts, or throws with the
 * sentence to show (the server's message names the file and field of bad input).
 */
export function useChatImport(projectId: Ref<number>) {
  const userId = useCurrentUserId()
  const importing = ref(false)

  async function importFile(file: File): Promise<ImportResult> {
    importing.value = true
    try {
      const type = /\.json$/i.test(file.name) ? 'application/json' : 'application/zip'
      let response: Response
      try {
        response = await fetch(`/api/users/${userId.value}/projects/${projectId.value}/import`, {
          method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': type }, body: file,
        })
      }
      catch {
        throw new Error('The import failed: the server could not be reached. Nothing was imported.')
      }
      const body = await response.json().catch(() => undefined)
      if (!response.ok) {
        const reason = apiErrorMessage({ statusCode: response.status, data: body }, `the server answered ${response.status}`)
        throw new Error(`The import failed: ${reason.replace(/\.$/, '')}. Nothing was imported.`)
      }
      return body as ImportResult
    }
    finally {
      importing.value = false
    }
  }

  return { importing: readonly(importing), importFile }
}
