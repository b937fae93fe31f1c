import { deleteV1Chat } from '#server/database/queries/v1-chats'
import { chatHasActiveConnections, liveConnectionsRule } from '#server/live'
import { receiptSourceOf, setReceiptHeader } from '#server/receipts'
import { defineV1Route, v1Routes } from '#server/v1'

export default defineV1Route(v1Routes.deleteChat, async (event, { auth, params, query }) => {
  const live = liveConnectionsRule(query.force)
  const result = await deleteV1Chat(await useDb(), auth.userId, params.chat_id, {
    beforeDelete: live.beforeDelete,
    receipt: receiptSourceOf(event, { kind: 'api_key', keyId: auth.keyId }),
  })
  if (result.kind === 'refused') throw chatHasActiveConnections(event, live.activeConnections)
  if (result.kind !== 'deleted') throw notFound('Chat not found')
  setReceiptHeader(event, result.receiptId)
  return { success: true as const, message: 'Chat deleted successfully', deleted_at: result.deletedAt.toISOString() }
})
