import { sql, type SQL } from 'drizzle-orm'
import type { ChatFilters } from '#shared/utils/chat-filters'
import { termText, toTsquery, type SearchQuery } from '#shared/utils/search-query'

// Search in SQL (docs/architecture.md "Search"). Messages are matched through the GIN index on
// to_tsvector('simple', message) (migration 0009): the expression below is the index's, word for
// word, so Postgres serves the match from it. Names are matched as substrings through the trigram
// index on chat_conversation.name. The user's words reach SQL only as bound parameters: the
// tsquery text (every lexeme quoted by toTsquery) and ILIKE patterns with %, _ and \ escaped.

/** What narrows a listing: the query (null: none) and the filters. */
export interface ChatSearch {
  query: SearchQuery | null
  filters: ChatFilters
}

/** The indexed expression (drizzle/0008_search.sql). */
const messageVector = (alias: string) => sql.raw(`to_tsvector('simple'::regconfig, ${alias}.message)`)
const tsquery = (text: string) => sql`to_tsquery('simple'::regconfig, ${text})`

/** ILIKE with the text taken literally: its %, _ and \ are escaped. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, ch => `\\${ch}`)}%`
}

function nameHas(alias: string, terms: SearchQuery['include']): SQL {
  return sql.join(terms.map(term => sql`${sql.raw(alias)}.name ILIKE ${containsPattern(termText(term))}`), sql` AND `)
}

/** How a found chat ranks: a name match above any number of matching messages, then by their count. */
const RELEVANCE = sql.raw('(CASE WHEN s.name_hit THEN 2147483648 ELSE 0 END + s.hits)')

/**
 * The user's chats the query finds, as a FROM item `c` with the chat's columns, `relevance` and
 * `hits` (its matching messages): chats whose name contains every word and phrase, or with a
 * message holding them all (the last word as a prefix). A chat whose name or any message holds an
 * excluded word or phrase is left out. No query: every chat of the user's.
 */
export function searchedChats(userId: number, query: SearchQuery | null): SQL {
  if (!query) return sql`chat_conversation c`
  const excluded = query.exclude.length
    ? sql`WHERE NOT EXISTS (SELECT 1 FROM chat_conversation_message m WHERE m.chat_conversation_id = c.id AND ${messageVector('m')} @@ ${tsquery(toTsquery(query.exclude, '|'))})
          AND ${sql.join(query.exclude.map(term => sql`c.name NOT ILIKE ${containsPattern(termText(term))}`), sql` AND `)}`
    : sql``
  return sql`(
    SELECT c.*, ${RELEVANCE} AS relevance, s.hits
    FROM (
      SELECT x.id, bool_or(x.name_hit) AS name_hit, sum(x.hits)::int8 AS hits
      FROM (
        SELECT m.chat_conversation_id AS id, false AS name_hit, count(*) AS hits
        FROM chat_conversation_message m
        WHERE m.neptun_user_id = ${userId} AND ${messageVector('m')} @@ ${tsquery(toTsquery(query.include))}
        GROUP BY m.chat_conversation_id
        UNION ALL
        SELECT n.id, true, 0 FROM chat_conversation n WHERE n.neptun_user_id = ${userId} AND ${nameHas('n', query.include)}
      ) x
      GROUP BY x.id
    ) s
    JOIN chat_conversation c ON c.id = s.id
    ${excluded}
  ) c`
}

/** A chat's message count (an index-only count on chat_conversation_message_chat_idx). */
export const MESSAGE_COUNT = sql.raw('(SELECT count(*) FROM chat_conversation_message mc WHERE mc.chat_conversation_id = c.id)')

/** The filters as conditions on `c`. */
export function filterConditions(filters: ChatFilters): SQL[] {
  const conditions: SQL[] = []
  if (filters.model !== undefined) conditions.push(sql`c.model = ${filters.model}`)
  if (filters.kept !== undefined) conditions.push(sql`c.kept = ${filters.kept}`)
  if (filters.created_after) conditions.push(sql`c.created_at >= ${filters.created_after}::timestamptz`)
  if (filters.created_before) conditions.push(sql`c.created_at < ${filters.created_before}::timestamptz`)
  if (filters.updated_after) conditions.push(sql`c.updated_at >= ${filters.updated_after}::timestamptz`)
  if (filters.updated_before) conditions.push(sql`c.updated_at < ${filters.updated_before}::timestamptz`)
  if (filters.min_messages !== undefined && filters.min_messages > 0) conditions.push(sql`${MESSAGE_COUNT} >= ${filters.min_messages}`)
  if (filters.max_messages !== undefined) conditions.push(sql`${MESSAGE_COUNT} <= ${filters.max_messages}`)
  return conditions
}

// ts_headline marks matches with two control characters no message can carry into it (they are
// taken out first); the passage is then HTML-escaped whole and only then are the marks turned into
// <mark> tags, so a message's own markup is always shown as text.
const START = '\u0001'
const STOP = '\u0002'
const HEADLINE_OPTIONS = `StartSel=${START},StopSel=${STOP},MaxWords=30,MinWords=12,MaxFragments=2,FragmentDelimiter=" … "`

function escapedHeadline(message: SQL, query: SQL): SQL {
  const headline = sql`ts_headline('simple'::regconfig, translate(${message}, ${START + STOP}, '  '), ${query}, ${HEADLINE_OPTIONS})`
  const escaped = [['&', '&amp;'], ['<', '&lt;'], ['>', '&gt;'], ['"', '&quot;'], ['\'', '&#39;']]
    .reduce((text, [from, to]) => sql`replace(${text}, ${from}, ${to})`, headline)
  return sql`replace(replace(${escaped}, ${START}, '<mark>'), ${STOP}, '</mark>')`
}

/**
 * A ChatMatch as JSON text for the chat `c` of a found page: its matching-message count and the
 * best-ranked matching message's id and snippet (a walk of the chat's messages: a page's worth).
 */
export function matchJson(query: SearchQuery): SQL {
  const include = tsquery(toTsquery(query.include))
  return sql`(
    '{"messages":' || c.hits || ',' || coalesce((
      SELECT '"message_id":' || m.id || ',"snippet":' || to_json(${escapedHeadline(sql.raw('m.message'), include)})::text
      FROM chat_conversation_message m
      WHERE m.chat_conversation_id = c.id AND ${messageVector('m')} @@ ${include}
      ORDER BY ts_rank(${messageVector('m')}, ${include}) DESC, m.id DESC
      LIMIT 1
    ), '"message_id":null,"snippet":null') || '}')`
}

/** The start of the chat's last message, white space collapsed, as JSON text (`null` without messages). */
export const LAST_MESSAGE_JSON = sql.raw(`coalesce((
  SELECT to_json(left(regexp_replace(btrim(left(ml.message, 400)), '\\s+', ' ', 'g'), 200))::text
  FROM chat_conversation_message ml WHERE ml.chat_conversation_id = c.id ORDER BY ml.id DESC LIMIT 1
), 'null')`)
