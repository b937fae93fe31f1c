import { deleteProjectChat } from '#server/database/queries/project-chats'
import { receiptSourceOf, setReceiptHeader } from '#server/receipts'

export default defineEventHandler(async (event) => {
  const user = await readPathSession(event)
  const projectId = requireIdParam(event, 'project_id')
  const chatId = requireIdParam(event, 'chat_id')
  const result = await deleteProjectChat(await useDb(), user, projectId, chatId, receiptSourceOf(event, { kind: 'user' }))
  if (result.kind === 'project_not_found') throw await notFoundUnlessRevoked(user, 'Project not found')
  if (result.kind === 'chat_not_found') throw notFound('Chat not found')
  setReceiptHeader(event, result.receiptId)
  return true
})
