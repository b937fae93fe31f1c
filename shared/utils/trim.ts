import type { Actor } from '#shared/types/api'

/**
 * The trim rule, for the route that carries it out and for the chat page that predicts it:
 * messages in id order, system messages never deleted nor counted. When the chat ends with user
 * messages (an unanswered prompt), all of those trailing user messages; otherwise the last
 * assistant message and the user message directly before it, if there is one.
 */
export function messagesToTrim<T extends { id: number, actor: Actor }>(messages: readonly T[]): T[] {
  const conversation = messages.filter(m => m.actor !== 'system').sort((a, b) => a.id - b.id)
  const last = conversation.at(-1)
  if (!last) return []
  if (last.actor === 'user') {
    let start = conversation.length
    while (start > 0 && conversation[start - 1]!.actor === 'user') start--
    return conversation.slice(start)
  }
  const before = conversation.at(-2)
  return before?.actor === 'user' ? [before, last] : [last]
}

/** The ids a trim answer says are gone, whichever of its two shapes it has. */
export function trimmedIds(result: { maybeAssistantMessageToDelete?: { id: number }, maybeUserMessageToDelete?: { id: number }, deletedSuccessfully?: number[] }): number[] {
  if (result.deletedSuccessfully) return result.deletedSuccessfully
  return [result.maybeUserMessageToDelete?.id, result.maybeAssistantMessageToDelete?.id].filter((id): id is number => id !== undefined)
}
