// The filters of the chats list (docs/api.md "Search"), in its query string and the page's URL:
// they combine with `q` and with each other. One reader for the server (a 400 naming the problem)
// and the page (what the URL holds).

export interface ChatFilters {
  /** The chat's model, exactly. */
  model?: string
  /** ISO-8601 UTC instants (milliseconds): `…_after` is inclusive, `…_before` exclusive. */
  created_after?: string
  created_before?: string
  updated_after?: string
  updated_before?: string
  /** The chat's message count, inclusive bounds. */
  min_messages?: number
  max_messages?: number
  /** Kept (pinned) chats only, or only the others. */
  kept?: boolean
}

export type ChatFilterName = keyof ChatFilters
export const CHAT_FILTER_NAMES = ['model', 'created_after', 'created_before', 'updated_after', 'updated_before', 'min_messages', 'max_messages', 'kept'] as const satisfies readonly ChatFilterName[]

const DATE_FILTERS = ['created_after', 'created_before', 'updated_after', 'updated_before'] as const
const MAX_MODEL_LENGTH = 200
const MAX_COUNT = 1_000_000_000

// A day (midnight UTC) or an instant with a zone: 2026-03-01, 2026-03-01T12:00Z, 2026-03-01T12:00:00.123+01:00.
const DATE = /^\d{4}-\d\d-\d\d(?:T\d\d:\d\d(?::\d\d(?:\.\d{1,6})?)?(?:Z|[+-]\d\d:\d\d))?$/
const COUNT = /^(?:0|[1-9]\d{0,9})$/

export interface ChatFilterIssue {
  code: 'invalid_type' | 'invalid_value'
  message: string
}

export type ParsedChatFilters = { ok: true, filters: ChatFilters } | { ok: false, issue: ChatFilterIssue }

const invalid = (name: string, message: string, code: ChatFilterIssue['code'] = 'invalid_value'): ParsedChatFilters =>
  ({ ok: false, issue: { code, message: `Invalid ${name}: ${message}` } })

/** The filters a query holds; an empty value is no filter (but `kept=` is a 400). Each may appear once. */
export function parseChatFilters(query: Record<string, unknown>): ParsedChatFilters {
  const filters: ChatFilters = {}
  for (const name of CHAT_FILTER_NAMES) {
    const raw = query[name]
    if (raw === undefined || (raw === '' && name !== 'kept')) continue
    if (typeof raw !== 'string') return invalid(name, 'give it once', 'invalid_type')
    if (name === 'kept') {
      if (raw !== 'true' && raw !== 'false') return invalid(name, 'true or false')
      filters.kept = raw === 'true'
    }
    else if (name === 'model') {
      if (raw.length > MAX_MODEL_LENGTH) return invalid(name, `at most ${MAX_MODEL_LENGTH} characters`)
      // eslint-disable-next-line no-control-regex
      if (/[\u0000-\u001F\u007F]|\p{Cs}/u.test(raw.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))) return invalid(name, 'not a model name')
      filters.model = raw
    }
    else if ((DATE_FILTERS as readonly string[]).includes(name)) {
      const time = DATE.test(raw) ? Date.parse(raw) : Number.NaN
      if (Number.isNaN(time) || time < Date.UTC(1, 0, 1) || time > Date.UTC(9999, 11, 31)) {
        return invalid(name, 'a date (2026-03-01) or an ISO-8601 time with a zone (2026-03-01T12:00:00Z)')
      }
      filters[name as typeof DATE_FILTERS[number]] = new Date(time).toISOString()
    }
    else {
      if (!COUNT.test(raw) || Number(raw) > MAX_COUNT) return invalid(name, `an integer from 0 to ${MAX_COUNT}`)
      filters[name as 'min_messages' | 'max_messages'] = Number(raw)
    }
  }
  if (filters.min_messages !== undefined && filters.max_messages !== undefined && filters.min_messages > filters.max_messages) {
    return invalid('min_messages', 'greater than max_messages')
  }
  for (const what of ['created', 'updated'] as const) {
    const after = filters[`${what}_after`]
    const before = filters[`${what}_before`]
    if (after && before && after >= before) return invalid(`${what}_after`, `not before ${what}_before`)
  }
  return { ok: true, filters }
}

/** The filters as query parameters, in a fixed order (URLs, cursors, requests). */
export function chatFilterParams(filters: ChatFilters): Record<string, string> {
  const params: Record<string, string> = {}
  for (const name of CHAT_FILTER_NAMES) {
    const value = filters[name]
    if (value !== undefined) params[name] = String(value)
  }
  return params
}

export function hasChatFilters(filters: ChatFilters): boolean {
  return CHAT_FILTER_NAMES.some(name => filters[name] !== undefined)
}
