import type { ChatRow, MessageRow } from '#shared/types/api'

export interface ExportedChat extends ChatRow {
  messages: MessageRow[]
}

export function chatsToJson(chats: ExportedChat[]): string {
  return JSON.stringify({ exported_at: new Date().toISOString(), chats }, null, 2)
}

export function chatsToMarkdown(chats: ExportedChat[]): string {
  return chats.map((chat) => {
    const head = `# ${chat.name}\n\nModel: \`${chat.model}\` · Created: ${chat.created_at} · Updated: ${chat.updated_at}\n`
    const body = chat.messages.length
      ? chat.messages.map(m => `## ${m.actor[0]!.toUpperCase()}${m.actor.slice(1)} (${m.created_at})\n\n${m.message}\n`).join('\n')
      : '_No messages._\n'
    return `${head}\n${body}`
  }).join('\n---\n\n')
}

/** Hands a file to the browser's download manager. */
export function downloadText(text: string, filename: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  link.rel = 'noopener'
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

export function exportFilename(chats: ChatRow[], extension: string): string {
  const base = chats.length === 1
    ? chats[0]!.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || `chat-${chats[0]!.id}`
    : `neptun-chats-${chats.length}`
  return `${base}.${extension}`
}
