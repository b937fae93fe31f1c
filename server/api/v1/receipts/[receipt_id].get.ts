import { findReceipt } from '#server/receipts'

export default defineV1Handler(async (event, { userId }) => {
  const receiptId = requireUuidParam(event, 'receipt_id')
  const receipt = await findReceipt(await useDb(), userId, receiptId)
  if (!receipt) throw notFound('Receipt not found')
  return { receipt }
})
