// The search language of the chats list (`q`, docs/api.md "Search"): what people type.
//   kube proxy        every word must match (in the chat's name, or together in one of its messages)
//   "exact phrase"    the words in this order (an unterminated quote runs to the end)
//   -jenkins          no chat whose name or any message has it
//   kube-pro          the last word also matches as a prefix while typing (not inside a phrase)
// Code-like tokens (CrashLoopBackOff, 502, kube-proxy, values.yaml, 10.0.0.1) are single words as
// typed. One parser for the server (a 400 naming the problem) and the page (the same hint at once).
// The user's text never becomes tsquery syntax: toTsquery quotes every lexeme.

export const MAX_Q_LENGTH = 200

export interface SearchTerm {
  /** The words as typed (a phrase has several), without quotes or the leading minus. */
  words: string[]
  phrase: boolean
  excluded: boolean
  /** The last word of the query, typed without a closing space: also matches as a prefix. */
  prefix: boolean
}

export interface SearchQuery {
  /** Must all match. Never empty. */
  include: SearchTerm[]
  /** Must all be absent from the chat. */
  exclude: SearchTerm[]
}

export interface SearchIssue {
  code: 'invalid_value'
  message: string
}

export type ParsedSearch = { ok: true, query: SearchQuery | null } | { ok: false, issue: SearchIssue }

// A word must hold a letter or a digit to be searched for: `&`, `|`, `!`, `*`, `()` alone are not words.
const SEARCHABLE = /[\p{L}\p{N}]/u
// Control characters (NUL included) and lone surrogates cannot reach the database as text.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/

function issue(message: string): ParsedSearch {
  return { ok: false, issue: { code: 'invalid_value', message: `Invalid q: ${message}` } }
}

/**
 * Reads `q`. Blank (or absent): `query: null`, no search. Otherwise the terms, or an issue: too
 * long, a control character or a lone surrogate, no word to find (only exclusions or only
 * punctuation).
 */
export function parseSearchQuery(raw: string | undefined): ParsedSearch {
  if (raw === undefined || raw.trim() === '') return { ok: true, query: null }
  if (raw.length > MAX_Q_LENGTH) return issue(`at most ${MAX_Q_LENGTH} characters`)
  if (CONTROL.test(raw) || !isWellFormed(raw)) return issue('control characters and broken Unicode are not allowed')
  const terms: SearchTerm[] = []
  let i = 0
  while (i < raw.length) {
    if (/\s/.test(raw[i]!)) {
      i++
      continue
    }
    let excluded = false
    if (raw[i] === '-' && i + 1 < raw.length && !/\s/.test(raw[i + 1]!)) {
      excluded = true
      i++
    }
    if (raw[i] === '"') {
      const end = raw.indexOf('"', i + 1)
      const body = end === -1 ? raw.slice(i + 1) : raw.slice(i + 1, end)
      i = end === -1 ? raw.length : end + 1
      const words = body.split(/\s+/).filter(word => SEARCHABLE.test(word))
      if (words.length) terms.push({ words, phrase: words.length > 1, excluded, prefix: false })
      continue
    }
    let end = i
    while (end < raw.length && !/\s/.test(raw[end]!) && raw[end] !== '"') end++
    const word = raw.slice(i, end)
    i = end
    // Typing goes on at the end of the text: its last word is a prefix until a space follows it.
    if (SEARCHABLE.test(word)) terms.push({ words: [word], phrase: false, excluded, prefix: end === raw.length && !excluded })
  }
  const include = terms.filter(term => !term.excluded)
  const exclude = terms.filter(term => term.excluded)
  if (include.length === 0) {
    return issue(exclude.length ? 'add a word or "phrase" to find; -word only leaves chats out' : 'no word to find (letters or digits)')
  }
  return { ok: true, query: { include, exclude } }
}

function isWellFormed(text: string): boolean {
  return !/\p{Cs}/u.test(text.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))
}

/** A lexeme in tsquery quotes: `'` doubled and `\` escaped, so nothing of it is an operator. */
function quoted(word: string): string {
  return `'${word.replace(/['\\]/g, ch => ch === '\'' ? '\'\'' : '\\\\')}'`
}

function termTsquery(term: SearchTerm): string {
  const words = term.words.map(quoted)
  if (term.prefix) words[words.length - 1] += ':*'
  return words.length > 1 ? `(${words.join(' <-> ')})` : words[0]!
}

/**
 * tsquery text for to_tsquery('simple', …): the terms joined with `&` (any: `|`). Postgres' parser
 * splits a quoted lexeme as it splits the message (kube-proxy → 'kube-proxy' <-> 'kube' <-> 'proxy'),
 * so code tokens match as typed.
 */
export function toTsquery(terms: readonly SearchTerm[], join: '&' | '|' = '&'): string {
  return terms.map(termTsquery).join(` ${join} `)
}

/** The text a term must contain in a chat's name (case-insensitively): a phrase's words joined by one space. */
export function termText(term: SearchTerm): string {
  return term.words.join(' ')
}

/** The query as a person reads it back (the confirm dialog, the live region): normalised spacing. */
export function formatSearchQuery(query: SearchQuery): string {
  const text = (term: SearchTerm) => `${term.excluded ? '-' : ''}${term.phrase ? `"${termText(term)}"` : termText(term)}`
  return [...query.include, ...query.exclude].map(text).join(' ')
}
