import { findReceipt } from '#server/receipts'

export default defineEventHandler(async (event) => {
  const { id: userId } = await requirePathSession(event)
  const receiptId = requireUuidParam(event, 'receipt_id')
  const receipt = await findReceipt(await useDb(), userId, receiptId)
  if (!receipt) throw notFound('Receipt not found')
  return { receipt }
})
