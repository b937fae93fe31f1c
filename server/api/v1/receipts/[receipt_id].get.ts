import { findReceipt } from '#server/receipts'
import { defineV1Route, v1Routes } from '#server/v1'

export default defineV1Route(v1Routes.getReceipt, async (_event, { auth, params }) => {
  const receipt = await findReceipt(await useDb(), auth.userId, params.receipt_id)
  if (!receipt) throw notFound('Receipt not found')
  return { receipt }
})
