// A search result's snippet (docs/api.md "Search": the message's passage HTML-escaped whole, the
// matched words in <mark>) as pieces of plain text, so the page renders it with text nodes and
// <mark> elements and never as HTML: whatever the message held stays text.

export interface SnippetPiece {
  text: string
  marked: boolean
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': '\'' }

/** The escaped text back to what the message said (only the five entities the server writes). */
function unescape(html: string): string {
  return html.replace(/&(?:amp|lt|gt|quot|#39);/g, entity => ENTITIES[entity]!)
}

/** `a <mark>b</mark> c` → [a ], [b, marked], [ c]; anything but the two tags is text. */
export function snippetPieces(snippet: string): SnippetPiece[] {
  const pieces: SnippetPiece[] = []
  let marked = false
  for (const part of snippet.split(/(<mark>|<\/mark>)/)) {
    if (part === '<mark>') marked = true
    else if (part === '</mark>') marked = false
    else if (part) pieces.push({ text: unescape(part), marked })
  }
  return pieces
}
