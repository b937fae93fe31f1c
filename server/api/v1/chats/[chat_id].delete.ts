import { deleteV1Chat } from '#server/database/queries/v1-chats'
import { chatHasActiveConnections, liveConnectionsRule } from '#server/live'
import { receiptSourceOf, setReceiptHeader } from '#server/receipts'

export default defineV1Handler(async (event, { userId, keyId }) => {
  const chatUuid = requireUuidParam(event, 'chat_id')
  const force = requireBooleanQuery(event, 'force')
  const live = liveConnectionsRule(force)
  const result = await deleteV1Chat(await useDb(), userId, chatUuid, {
    beforeDelete: live.beforeDelete,
    receipt: receiptSourceOf(event, { kind: 'api_key', keyId }),
  })
  if (result.kind === 'refused') throw chatHasActiveConnections(event, live.activeConnections)
  if (result.kind !== 'deleted') throw notFound('Chat not found')
  setReceiptHeader(event, result.receiptId)
  return { success: true, message: 'Chat deleted successfully', deleted_at: result.deletedAt.toISOString() }
})
