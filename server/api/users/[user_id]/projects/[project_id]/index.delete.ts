import type { ProjectDeletionStep } from '#shared/types/projects'
import { deleteProjectStep } from '#server/database/queries/project-deletion'
import { receiptSourceOf, setReceiptHeader } from '#server/receipts'

/**
 * One step of deleting the project (docs/api.md, "Rename and delete a project"): at most 1,000 of
 * its chats in one transaction; 202 while chats remain (call again), 200 once the project is gone.
 */
export default defineEventHandler(async (event): Promise<ProjectDeletionStep> => {
  const user = await readPathSession(event)
  const projectId = requireIdParam(event, 'project_id')
  const step = await deleteProjectStep(await useDb(), user, projectId, receiptSourceOf(event, { kind: 'user' }))
  if (step.kind === 'project_not_found') throw await notFoundUnlessRevoked(user, 'Project not found')
  setReceiptHeader(event, step.receiptId)
  if (!step.projectDeleted) setResponseStatus(event, 202, 'Accepted')
  return { project_deleted: step.projectDeleted, chats_deleted: step.chatsDeleted, chats_unlinked: step.chatsUnlinked, chats_remaining: step.chatsRemaining }
})
