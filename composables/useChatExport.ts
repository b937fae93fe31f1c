import type { ChatSearchState } from './useSearchRoute'

/** The bytes a ZIP ends with when it is whole: its end-of-central-directory record (no comment). */
const ZIP_END = [0x50, 0x4B, 0x05, 0x06]
const ZIP_END_SIZE = 22
/** The most ids POST …/export takes. */
const EXPORT_SELECTION_MAX = 1000

/**
 * Exports made by the server (docs/api.md, "Export and import"): one chat, some chats, or every
 * chat of a listing (its search, kept chats left out, as "delete all" does) as one ZIP. Each is
 * downloaded in full before the browser saves it, and throws, with a sentence to show, when any
 * part failed (a refused request, a body cut off, a file that does not end like a whole ZIP):
 * "Export, then delete" deletes only after it resolved.
 */
export function useChatExport() {
  const userId = useCurrentUserId()
  const project = (projectId: number) => `/api/users/${userId.value}/projects/${projectId}`

  /** A selection over the route's 1,000 ids is several ZIPs, one after the other. */
  async function exportChats(projectId: number, chatIds: number[], signal?: AbortSignal): Promise<void> {
    if (chatIds.length === 1) return download(`${project(projectId)}/chats/${chatIds[0]}/export`, { signal })
    for (let at = 0; at < chatIds.length; at += EXPORT_SELECTION_MAX) {
      const body = JSON.stringify({ chat_ids: chatIds.slice(at, at + EXPORT_SELECTION_MAX) })
      await download(`${project(projectId)}/export`, { method: 'POST', body, headers: { 'Content-Type': 'application/json' }, signal })
    }
  }

  function exportListing(projectId: number, search: ChatSearchState, signal?: AbortSignal): Promise<void> {
    const query = new URLSearchParams({ ...chatFilterParams(search.filters), kept: 'false', ...(search.q.trim() ? { q: search.q.trim() } : {}) })
    return download(`${project(projectId)}/export?${query}`, { signal })
  }

  return { exportChats, exportListing }
}

async function download(url: string, init: RequestInit): Promise<void> {
  let blob: Blob
  let filename: string
  try {
    const response = await fetch(url, { credentials: 'same-origin', ...init })
    if (!response.ok) {
      const body = await response.json().catch(() => undefined)
      throw new Error(`The export failed: ${apiErrorMessage({ statusCode: response.status, data: body }, `the server answered ${response.status}`).replace(/\.$/, '')}.`)
    }
    // Rejects when the body breaks off; a server that gave up mid-stream leaves no ZIP end.
    blob = await response.blob()
    const length = Number(response.headers.get('Content-Length') ?? 0)
    if ((length && blob.size !== length) || !await endsLikeZip(blob)) throw new Error('The export was cut off.')
    filename = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? 'neptun-export.zip'
  }
  catch (error) {
    if (init.signal?.aborted) throw error
    const reason = error instanceof Error && error.message.startsWith('The export') ? error.message : 'The export failed: the download broke off.'
    throw new Error(`${reason} Nothing was deleted.`)
  }
  saveBlob(blob, filename)
}

async function endsLikeZip(blob: Blob): Promise<boolean> {
  if (blob.size < ZIP_END_SIZE) return false
  const tail = new Uint8Array(await blob.slice(blob.size - ZIP_END_SIZE, blob.size - ZIP_END_SIZE + 4).arrayBuffer())
  return ZIP_END.every((byte, i) => tail[i] === byte)
}

/** Hands a file to the browser's download manager. */
function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  link.rel = 'noopener'
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
