import { trimLastExchange } from '#server/database/queries/trim-last-exchange'
import { receiptSourceOf, setReceiptHeader } from '#server/receipts'

export default defineEventHandler(async (event) => {
  const user = await readPathSession(event)
  const chatId = requireIdParam(event, 'chat_id')
  const expectedLastMessageId = optionalIdQuery(event, 'expected_last_message_id')
  const result = await trimLastExchange(await useDb(), user, chatId, receiptSourceOf(event, { kind: 'user' }), expectedLastMessageId)
  switch (result.kind) {
    case 'chat_not_found':
      throw await notFoundUnlessRevoked(user, 'Chat not found')
    case 'changed':
      throw conflict('Chat has changed')
    case 'no_messages':
      // The exact body of docs/api.md's table (statusMessage with its full stop, the text in data).
      throw apiError(400, 'Bad Request.', 'No messages found, for chat.', 'Bad Request.')
    case 'trailing_user_messages':
      setReceiptHeader(event, result.receiptId)
      return { deletedSuccessfully: result.deleted.map(message => message.id), failedToDelete: [] }
    case 'exchange':
      setReceiptHeader(event, result.receiptId)
      return {
        maybeAssistantMessageToDelete: result.assistant,
        ...(result.user ? { maybeUserMessageToDelete: result.user } : {}),
      }
  }
})
