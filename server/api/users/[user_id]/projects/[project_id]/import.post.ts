import { importIntoProject, importProjectFound } from '#server/import'

/** An export's ZIP (application/zip) or one chat's JSON (application/json) → new chats in the project. */
export default defineEventHandler(async (event) => {
  const user = await readPathSession(event)
  const projectId = requireIdParam(event, 'project_id')
  const kind = importKind(event)
  const db = await useDb()
  if (!await importProjectFound(db, user, projectId)) throw await notFoundUnlessRevoked(user, 'Project not found')
  const result = await importIntoProject(db, user, projectId, { kind, bytes: await readImportBody(event) })
  if (!result) throw await notFoundUnlessRevoked(user, 'Project not found')
  setResponseStatus(event, 201, 'Created')
  return result
})
