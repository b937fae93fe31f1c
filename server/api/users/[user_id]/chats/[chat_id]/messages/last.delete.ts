import { trimLastExchange } from '#server/database/queries/trim-last-exchange'

export default defineEventHandler(async (event) => {
  const user = await readPathSession(event)
  const chatId = requireIdParam(event, 'chat_id')
  const expectedLastMessageId = optionalIdQuery(event, 'expected_last_message_id')
  const result = await trimLastExchange(await useDb(), user, chatId, expectedLastMessageId)
  switch (result.kind) {
    case 'chat_not_found':
      throw await notFoundUnlessRevoked(user, 'Chat not found')
    case 'changed':
      throw conflict('Chat has changed')
    case 'no_messages':
      throw createError({ statusCode: 400, statusMessage: 'Bad Request.', data: 'No messages found, for chat.' })
    case 'trailing_user_messages':
      return { deletedSuccessfully: result.deleted.map(message => message.id), failedToDelete: [] }
    case 'exchange':
      return {
        maybeAssistantMessageToDelete: result.assistant,
        ...(result.user ? { maybeUserMessageToDelete: result.user } : {}),
      }
  }
})
