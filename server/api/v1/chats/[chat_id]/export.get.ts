import { exportChatJson } from '#server/export'
import { defineV1Route, v1Routes } from '#server/v1'

/** The chat with every message, as the export's per-chat JSON (#shared/types/export ExportedChat). */
export default defineV1Route(v1Routes.exportChat, async (_event, { auth, params }) => {
  const json = await exportChatJson(await useDb(), auth.userId, params.chat_id)
  if (json === undefined) throw notFound('Chat not found')
  return json
})
