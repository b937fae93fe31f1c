import { deleteV1Chat } from '#server/database/queries/v1-chats'

export default defineV1Handler(async (event, { userId }) => {
  const chatId = requireUuidParam(event, 'chat_id')
  // Issue 8 passes { beforeDelete } here: the live-connection check, answering 409 on `refused`.
  const result = await deleteV1Chat(await useDb(), userId, chatId)
  if (result.kind !== 'deleted') throw notFound('Chat not found')
  return { success: true, message: 'Chat deleted successfully', deleted_at: result.deletedAt.toISOString() }
})
