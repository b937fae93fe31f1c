import { sql, type SQL } from 'drizzle-orm'
import type { ChatCount, ChatList, ChatListRow, ChatRow, ChatsPage, JsonText, UserChatRow, UserChatsPage } from '#shared/types/api'
import type { OrderByColumn, OrderKey } from '#shared/utils/order-by'
import { filterConditions, LAST_MESSAGE_JSON, matchJson, MESSAGE_COUNT, searchedChats, type ChatSearch } from '#server/search'
import type { DbOrTx } from '../client'
import { rowsOf } from './rows'
import { ownerId, sessionCurrent, type Owner } from './session-scope'

// GET …/projects/:pid/chats in one statement whose answer Postgres builds as JSON text: no row
// objects, no Dates and no JSON.stringify in Node, whatever the number of chats.

export interface ProjectChatsListRequest {
  /** Ends with id (the tie-breaker), so the order is total and a keyset is exact. */
  order: readonly OrderKey[]
  /** The search (`q`) and filters; absent: every chat. */
  search?: ChatSearch
  /** Absent: every chat (the answer without limit or cursor, docs/api.md). */
  page?: {
    limit: number
    /** The sort-key values of the last chat of the previous page, as sortKeyText renders them. */
    after?: readonly string[]
  }
}

export type ProjectChatsListResult
  = | { kind: 'project_not_found' }
    /** `{"chats":[…]}` as sent. */
    | { kind: 'all', body: JsonText<ChatList> }
    /** `chats`: the JSON array; `nextKey`: the last chat's sort keys when more may follow. */
    | { kind: 'page', chats: JsonText<ChatListRow[]>, nextKey: string[] | null }

// Each column of the order_by whitelist (ORDER_BY_COLUMNS) in SQL: nothing else reaches sql.raw.
// `cast` types a cursor value back.
const COLUMNS: Record<OrderByColumn, { cast: string, timestamp: boolean }> = {
  id: { cast: 'int4', timestamp: false },
  name: { cast: 'text', timestamp: false },
  model: { cast: 'text', timestamp: false },
  created_at: { cast: 'timestamptz', timestamp: true },
  updated_at: { cast: 'timestamptz', timestamp: true },
  // Only with q (the search's FROM item has it): chat_list_query refuses it otherwise.
  relevance: { cast: 'int8', timestamp: false },
}

// Milliseconds, UTC, "Z": what Date#toISOString gives the other routes' answers (to_char truncates
// like the Date does). The cursor keeps microseconds, so no chat is skipped inside a millisecond.
const iso = (column: string) => `to_char(c.${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
const isoMicro = (column: string) => `to_char(c.${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`

// One chat as compact JSON text, a ChatRow: each of its keys, in its order, as an SQL expression
// (`quoted`: text to put in quotes as is). Byte for byte what JSON.stringify makes of the row
// (json_build_object and json_agg would add spaces and line breaks).
const CHAT_ROW: { [K in keyof ChatRow]-?: { sql: string, quoted?: true } } = {
  id: { sql: 'c.id' },
  neptun_user_id: { sql: 'c.neptun_user_id' },
  model: { sql: 'to_json(c.model)::text' },
  name: { sql: 'to_json(c.name)::text' },
  created_at: { sql: iso('created_at'), quoted: true },
  updated_at: { sql: iso('updated_at'), quoted: true },
  kept: { sql: 'c.kept::text' },
}

type JsonField = { sql: string | SQL, quoted?: true }

/** `'{"id":' || c.id || ',"neptun_user_id":' || … || '"}'`: the fields' SQL between literal JSON text. */
function jsonObjectSql(fields: Record<string, JsonField>): SQL {
  const parts: SQL[] = []
  let literal = '{'
  for (const [key, field] of Object.entries(fields)) {
    literal += `${parts.length ? ',' : ''}"${key}":${field.quoted ? '"' : ''}`
    parts.push(sql.raw(`'${literal}'`), typeof field.sql === 'string' ? sql.raw(field.sql) : field.sql)
    literal = field.quoted ? '"' : ''
  }
  return sql.join([...parts, sql.raw(`'${literal}}'`)], sql` || `)
}

const CHAT_JSON = jsonObjectSql(CHAT_ROW)

const LIST_ROW: { [K in Exclude<keyof ChatListRow, 'match'>]-?: JsonField } = {
  ...CHAT_ROW,
  message_count: { sql: MESSAGE_COUNT },
  last_message: { sql: LAST_MESSAGE_JSON },
}

/** The user's projects the chat `c` is linked to, as a JSON array of ids (a UserChatRow's project_ids). */
const projectIdsJson = (userId: number) => sql`(SELECT '[' || coalesce(string_agg(l.project_id::text, ',' ORDER BY l.project_id), '') || ']'
  FROM project_chat_conversation l JOIN neptun_user_project lp ON lp.id = l.project_id AND lp.neptun_user_id = ${userId}
  WHERE l.chat_conversation_id = c.id)`

/**
 * A page's row, a ChatListRow: the chat, its message count, its last message and, searching, what
 * matched; across projects (`projectsOf`: the user), a UserChatRow with its project_ids too.
 */
function listRowJson(search: ChatSearch | undefined, projectsOf: number | null): SQL {
  const row: Record<string, JsonField> = projectsOf === null ? LIST_ROW : { ...LIST_ROW, project_ids: { sql: projectIdsJson(projectsOf) } }
  return jsonObjectSql(search?.query ? { ...row, match: { sql: matchJson(search.query) } } : row)
}

// What is sorted: the ChatRow's columns only (the sort's memory), the JSON is made after it.
const chatColumns = (search: ChatSearch | undefined) => sql.raw([...Object.keys(CHAT_ROW).map(key => `c.${key}`), ...(search?.query ? ['c.relevance', 'c.hits'] : [])].join(', '))

function column(key: OrderKey): string {
  if (!(key.column in COLUMNS)) throw new TypeError(`not a sort column: ${key.column}`)
  return key.column
}

/** The text a cursor carries for a column's value: exact, and castable back with COLUMNS[…].cast. */
function sortKeyText(key: OrderKey): string {
  const name = column(key)
  return COLUMNS[key.column].timestamp ? isoMicro(name) : `c.${name}::text`
}

function orderBy(order: readonly OrderKey[]): SQL {
  return sql.raw(order.map(key => `c.${column(key)} ${key.direction === 'asc' ? 'ASC' : 'DESC'}`).join(', '))
}

/**
 * Rows after the cursor in the order. One direction throughout: a row comparison, which an index
 * on the keys can start from. Mixed directions: (k1 after v1) OR (k1 = v1 AND k2 after v2) OR …
 */
function after(order: readonly OrderKey[], values: readonly string[]): SQL {
  if (values.length !== order.length) throw new TypeError('a cursor value per sort key')
  const value = (i: number) => sql`${values[i]}::${sql.raw(COLUMNS[order[i]!.column].cast)}`
  const col = (i: number) => sql.raw(`c.${column(order[i]!)}`)
  const op = (i: number) => sql.raw(order[i]!.direction === 'asc' ? '>' : '<')
  if (order.every(key => key.direction === order[0]!.direction)) {
    return sql`(${sql.join(order.map((_, i) => col(i)), sql`, `)}) ${op(0)} (${sql.join(order.map((_, i) => value(i)), sql`, `)})`
  }
  const branches = order.map((_, i) => sql`(${sql.join([...order.slice(0, i).map((__, j) => sql`${col(j)} = ${value(j)}`), sql`${col(i)} ${op(i)} ${value(i)}`], sql` AND `)})`)
  return sql`(${sql.join(branches, sql` OR `)})`
}

/**
 * The search's conditions on a chat row `c` of chat_conversation, for the statements that take
 * the same listing from the table itself (export): the filters, and membership in what q finds.
 */
export function listFilters(userId: number, search: ChatSearch): SQL[] {
  const found = search.query ? [sql`c.id IN (SELECT c.id FROM ${searchedChats(userId, search.query)})`] : []
  return [...found, ...filterConditions(search.filters)]
}

/**
 * The user's chats linked to the project (null: all the user's chats) that the search finds: a
 * semi-join, so a chat shows once whatever its links.
 */
function chatsOf(userId: number, projectId: number | null, search: ChatSearch | undefined, conditions: SQL[] = []): SQL {
  return sql.join([
    sql`FROM ${searchedChats(userId, search?.query ?? null)} WHERE c.neptun_user_id = ${userId}`,
    ...(projectId === null ? [] : [sql`EXISTS (SELECT 1 FROM project_chat_conversation l WHERE l.project_id = ${projectId} AND l.chat_conversation_id = c.id)`]),
    ...(search ? filterConditions(search.filters) : []),
    ...conditions,
  ], sql` AND `)
}

/**
 * The owned project row is the outer query, so no row means "Project not found" (or, for a
 * session owner, possibly a revoked session) and the chats are read only for an owner; a chat of
 * another user linked into the project is never listed.
 */
export async function listProjectChatsJson(db: DbOrTx, owner: Owner, projectId: number, request: ProjectChatsListRequest): Promise<ProjectChatsListResult> {
  const userId = ownerId(owner)
  const { search } = request
  const owned = sql`FROM neptun_user_project p WHERE p.id = ${projectId} AND p.neptun_user_id = ${userId} AND ${sessionCurrent(owner)}`
  if (!request.page) {
    // Aggregated in the order of the sorted subquery (as PostgREST does), so no second sort.
    const rows = await rowsOf<{ body: JsonText<ChatList> }>(db, sql`
      SELECT (SELECT '{"chats":[' || coalesce(string_agg(c.doc, ','), '') || ']}'
              FROM (SELECT ${CHAT_JSON} AS doc FROM (SELECT ${chatColumns(search)} ${chatsOf(userId, projectId, search)} ORDER BY ${orderBy(request.order)}) c) c) AS body
      ${owned}`)
    return rows[0] ? { kind: 'all', body: rows[0].body } : { kind: 'project_not_found' }
  }
  const rows = await pageRows<ChatListRow>(db, userId, projectId, { ...request, page: request.page }, owned)
  if (!rows[0]) return { kind: 'project_not_found' }
  return { kind: 'page', chats: rows[0].chats, nextKey: rows[0].next_key }
}

/**
 * One page of the user's chats in the project (null: in any project, rows naming their projects),
 * built as JSON text under `owned` (the outer FROM that proves the owner; no row when it fails).
 */
function pageRows<T>(db: DbOrTx, userId: number, projectId: number | null, request: ProjectChatsListRequest & { page: NonNullable<ProjectChatsListRequest['page']> }, owned: SQL) {
  const { search } = request
  const { limit, after: cursor } = request.page
  const keys = sql.raw(`ARRAY[${request.order.map(sortKeyText).join(', ')}]`)
  // One row more than the page says whether another page follows.
  return rowsOf<{ chats: JsonText<T[]>, next_key: string[] | null }>(db, sql`
    WITH page AS MATERIALIZED (
      SELECT ${listRowJson(search, projectId === null ? userId : null)} AS doc, ${keys} AS sort_key, row_number() OVER () AS n
      FROM (SELECT ${chatColumns(search)} ${chatsOf(userId, projectId, search, cursor ? [after(request.order, cursor)] : [])} ORDER BY ${orderBy(request.order)} LIMIT ${limit + 1}) c
    )
    SELECT (SELECT '[' || coalesce(string_agg(doc, ',' ORDER BY n), '') || ']' FROM page WHERE n <= ${limit}) AS chats,
           (SELECT sort_key FROM page WHERE n = ${limit} AND EXISTS (SELECT 1 FROM page WHERE n > ${limit})) AS next_key
    ${owned}`)
}

/**
 * A page of all the user's chats (search across projects), each naming the user's projects it is
 * in; undefined: a revoked session (the owner's row is the outer query).
 */
export async function listUserChatsJson(db: DbOrTx, owner: Owner, request: ProjectChatsListRequest & { page: NonNullable<ProjectChatsListRequest['page']> }): Promise<{ chats: JsonText<UserChatRow[]>, nextKey: string[] | null } | undefined> {
  const userId = ownerId(owner)
  const owned = sql`FROM neptun_user ou WHERE ou.id = ${userId} AND ${sessionCurrent(owner)}`
  const rows = await pageRows<UserChatRow>(db, userId, null, request, owned)
  return rows[0] ? { chats: rows[0].chats, nextKey: rows[0].next_key } : undefined
}

/** A page's answer as sent: the chats as Postgres built them, and next_cursor. */
export function chatsPageJson<P extends ChatsPage | UserChatsPage = ChatsPage>(chats: JsonText<P['chats']>, nextCursor: string | null): JsonText<P> {
  return `{"chats":${chats},"next_cursor":${JSON.stringify(nextCursor)}}` as JsonText<P>
}

/**
 * How many of the user's chats the project holds (that the search finds), and how many of those
 * are kept; undefined: not the user's project (or a revoked session).
 */
export async function countProjectChats(db: DbOrTx, owner: Owner, projectId: number, search?: ChatSearch): Promise<ChatCount | undefined> {
  const userId = ownerId(owner)
  const rows = await rowsOf<ChatCount>(db, sql`
    SELECT n.count, n.kept
    FROM neptun_user_project p
    CROSS JOIN LATERAL (SELECT count(*)::int4 AS count, (count(*) FILTER (WHERE c.kept))::int4 AS kept ${chatsOf(userId, projectId, search)}) n
    WHERE p.id = ${projectId} AND p.neptun_user_id = ${userId} AND ${sessionCurrent(owner)}`)
  return rows[0] ? { count: Number(rows[0].count), kept: Number(rows[0].kept) } : undefined
}
