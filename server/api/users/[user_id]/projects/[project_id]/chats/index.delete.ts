import { deleteProjectChats } from '#server/database/queries/project-chats'
import { receiptSourceOf, setReceiptHeader } from '#server/receipts'
import { DeleteChatsBody } from '#server/schemas/projects'

const invalidBody = () => apiError(400, 'Invalid body(chat_ids)')

export default defineEventHandler(async (event) => {
  const user = await readPathSession(event)
  const projectId = requireIdParam(event, 'project_id')
  const { chat_ids } = await readJsonBody(event, DeleteChatsBody, invalidBody)
  const result = await deleteProjectChats(await useDb(), user, projectId, chat_ids, receiptSourceOf(event, { kind: 'user' }))
  if (result.kind === 'project_not_found') throw await notFoundUnlessRevoked(user, 'Project not found')
  if (result.kind === 'chats_not_found') throw notFound('Chat not found', { missing_chat_ids: result.missingChatIds })
  setReceiptHeader(event, result.receiptId)
  return true
})
