import { encodeReceiptCursor, listReceipts, parseReceiptQuery } from '#server/receipts'

export default defineEventHandler(async (event) => {
  const { id: userId } = await requirePathSession(event)
  const { limit, filter, cursor } = parseReceiptQuery(event)
  const { receipts, next } = await listReceipts(await useDb(), userId, limit, filter, cursor)
  return { receipts, next_cursor: next && encodeReceiptCursor(next) }
})
