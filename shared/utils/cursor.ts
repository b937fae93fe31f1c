// The `next_cursor` of the paged lists (GET …/projects/:pid/chats and GET /api/v1/chats): base64url
// of a JSON value. Clients pass it back unchanged; the server encodes and decodes it (Node's
// Buffer) and each list checks the shape of what it decoded.

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

/** The JSON value a cursor holds; undefined when it is not base64url of JSON. */
export function decodeCursor(raw: string): unknown {
  try {
    return JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'))
  }
  catch {
    return undefined
  }
}
