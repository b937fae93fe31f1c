import type { ProjectRow } from '#shared/types/api'
import type { ProjectDeletionStep } from '#shared/types/projects'

export interface ProjectDeleteProgress {
  /** Chats deleted or unlinked so far. */
  done: number
  /** done plus what the last answer said remains. */
  total: number
}

/**
 * Renaming and deleting a project (docs/api.md, "Rename and delete a project"). The delete calls
 * DELETE …/projects/:pid while it answers 202, reporting progress after each bounded step; an
 * aborted signal stops between steps, so every step is whole and the project is only smaller.
 */
export function useProjectManage() {
  const userId = useCurrentUserId()
  const projects = useNuxtData<{ projects: ProjectRow[] }>(`projects:${userId.value}`)
  const path = (projectId: number) => `/api/users/${userId.value}/projects/${projectId}`

  /** Renames the project and patches the cached project list. */
  async function rename(projectId: number, name: string): Promise<ProjectRow> {
    const { project } = await $fetch<{ project: ProjectRow }>(path(projectId), { method: 'PATCH', body: { name } })
    const cached = projects.data.value
    if (cached) projects.data.value = { projects: cached.projects.map(row => row.id === project.id ? project : row) }
    return project
  }

  /** Deletes the project step by step; true when it is gone, false when `signal` stopped it first. */
  async function remove(projectId: number, onProgress: (progress: ProjectDeleteProgress) => void, signal: AbortSignal): Promise<boolean> {
    let done = 0
    for (;;) {
      if (signal.aborted) return false
      const step = await $fetch<ProjectDeletionStep>(path(projectId), { method: 'DELETE' })
      done += step.chats_deleted + step.chats_unlinked
      onProgress({ done, total: done + step.chats_remaining })
      if (step.project_deleted) break
    }
    const cached = projects.data.value
    if (cached) projects.data.value = { projects: cached.projects.filter(row => row.id !== projectId) }
    return true
  }

  return { rename, remove }
}
