import type { ProjectRow } from '#shared/types/api'

/** The signed-in user's projects: the list, one project by id, and creating one. */
export function useProjects() {
  const userId = useCurrentUserId()
  const requestFetch = useRequestFetch()
  const toasts = useToasts()

  const asyncData = useAsyncData(
    () => `projects:${userId.value}`,
    () => requestFetch<{ projects: ProjectRow[] }>(`/api/users/${userId.value}/projects`),
  )
  const { data, status, error, refresh } = asyncData
  /** Settles when the first load is done (pages await it so the server renders the data). */
  const ready: Promise<void> = asyncData.then(() => undefined)

  const projects = computed(() => data.value?.projects ?? [])

  function projectById(id: MaybeRefOrGetter<number>) {
    return computed(() => projects.value.find(project => project.id === toValue(id)))
  }

  /** Creates the project and puts it first in the cached list (the list is newest first). */
  async function createProject(input: { name: string, description?: string }): Promise<ProjectRow> {
    const { project } = await $fetch<{ project: ProjectRow }>(`/api/users/${userId.value}/projects`, {
      method: 'POST',
      body: { name: input.name, description: input.description || null },
    })
    data.value = { projects: [project, ...projects.value] }
    toasts.success(`Created project “${project.name}”`)
    return project
  }

  return { projects, ready, status, error, refresh, projectById, createProject }
}
