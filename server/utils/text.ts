/**
 * Text Postgres can store and every client can render: no NUL (Postgres refuses it in text) and
 * no unpaired UTF-16 surrogate (not Unicode; drivers turn it into garbage or an error).
 */
export function isCleanText(text: string): boolean {
  return !text.includes('\0') && text.isWellFormed()
}

/**
 * Whether every path segment and query name and value of a raw request path decodes to clean
 * text. Malformed percent-encoding counts as unclean: it can only be an attack or a broken client.
 */
export function isCleanRequestPath(rawPath: string): boolean {
  const queryStart = rawPath.indexOf('?')
  const path = queryStart === -1 ? rawPath : rawPath.slice(0, queryStart)
  const query = queryStart === -1 ? '' : rawPath.slice(queryStart + 1)
  const pieces = [...path.split('/'), ...query.split(/[&=]/).map(piece => piece.replaceAll('+', ' '))]
  return pieces.every((piece) => {
    try {
      return isCleanText(decodeURIComponent(piece))
    }
    catch {
      return false
    }
  })
}
