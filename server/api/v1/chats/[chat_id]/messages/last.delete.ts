import { trimV1LastExchange } from '#server/database/queries/v1-messages'
import { receiptSourceOf, setReceiptHeader } from '#server/receipts'
import { defineV1Route, v1BadRequest, v1Routes } from '#server/v1'

export default defineV1Route(v1Routes.trimLastExchange, async (event, { auth, params, query }) => {
  const receipt = receiptSourceOf(event, { kind: 'api_key', keyId: auth.keyId })
  const result = await trimV1LastExchange(await useDb(), auth.userId, params.chat_id, receipt, query.expected_last_message_id)
  if (result.kind === 'chat_not_found') throw notFound('Chat not found')
  if (result.kind === 'changed') throw conflict('Chat has changed')
  if (result.kind === 'no_messages') throw v1BadRequest('No messages to delete')
  setReceiptHeader(event, result.receiptId)
  return { deleted_messages: result.deleted }
})
