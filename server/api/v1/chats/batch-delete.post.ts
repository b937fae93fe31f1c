import { batchDeleteV1Chats } from '#server/database/queries/v1-batch-delete'
import { livePresenceTtlSeconds } from '#server/live'
import { receiptSourceOf } from '#server/receipts'
import { defineV1Route, v1Routes } from '#server/v1'

export default defineV1Route(v1Routes.batchDeleteChats, async (event, { auth, body }) => {
  const results = await batchDeleteV1Chats(await useDb(), auth.userId, body.chat_ids, {
    dryRun: body.dry_run,
    force: body.force,
    liveTtlSeconds: livePresenceTtlSeconds(),
    receipt: receiptSourceOf(event, { kind: 'api_key', keyId: auth.keyId }),
  })
  return { dry_run: body.dry_run, results }
})
