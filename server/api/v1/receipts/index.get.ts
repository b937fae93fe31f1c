import { encodeReceiptCursor, listReceipts, receiptPage } from '#server/receipts'
import { defineV1Route, v1Routes } from '#server/v1'

export default defineV1Route(v1Routes.listReceipts, async (_event, { auth, query }) => {
  const { limit, filter, cursor } = receiptPage(query)
  const { receipts, next } = await listReceipts(await useDb(), auth.userId, limit, filter, cursor)
  return { receipts, next_cursor: next && encodeReceiptCursor(next) }
})
