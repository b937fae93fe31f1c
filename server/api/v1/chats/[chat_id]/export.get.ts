import { exportChatJson } from '#server/export'

/** The chat with every message, as the export's per-chat JSON (#shared/types/export ExportedChat). */
export default defineV1Handler(async (event, { userId }) => {
  const chatUuid = requireUuidParam(event, 'chat_id')
  const json = await exportChatJson(await useDb(), userId, chatUuid)
  if (json === undefined) throw notFound('Chat not found')
  setResponseHeader(event, 'Content-Type', 'application/json')
  return json
})
