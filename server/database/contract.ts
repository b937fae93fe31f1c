import type { Actor, ApiKeyRow, ChatDetail, ChatRecord, ChatRow, MessageRow, ProjectRow, V1Chat } from '#shared/types/api'
import type { ApiKey, Chat, ChatMessage, MessageActor, Project } from './schema'

// The API's types are plain types in #shared/types/api. The data layer is typed to them (Dated<…>),
// and the checks below tie them to the drizzle schema at compile time (`npm run typecheck`): a
// column whose type changes, a field the API names that the table lacks, or a column added to a
// table whose rows a route sends whole, fails here until the shared type says what clients see.

/** A shared API type as the data layer hands it to a route: its `…_at` times as Dates, which the JSON answer makes ISO strings. */
export type Dated<T> = { [K in keyof T]: K extends `${string}_at` ? (null extends T[K] ? Date | null : Date) : T[K] }

/** What JSON.stringify makes of a row: Dates become strings. */
type Json<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] }
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
type Fits<Row, Api> = [Row] extends [Api] ? true : false
type Check<T extends true> = T

export type ContractChecks = [
  Check<Same<MessageActor, Actor>>,
  // Routes that send the row whole: GET/POST …/projects (listProjects, insertProject) and POST
  // …/projects/:pid/chats (createProjectChat).
  Check<Same<Json<Project>, ProjectRow>>,
  Check<Same<Json<Chat>, ChatRecord>>,
  // Routes that send some columns (or build the JSON in SQL: project-chats-list.ts's CHAT_ROW).
  Check<Fits<Json<Pick<Chat, keyof ChatRow>>, ChatRow>>,
  Check<Fits<Json<Pick<Chat, keyof ChatRecord>>, Omit<ChatDetail, 'project_ids'>>>,
  Check<Fits<Json<Pick<ChatMessage, keyof MessageRow>>, MessageRow>>,
  Check<Fits<Json<Pick<ApiKey, keyof ApiKeyRow>>, ApiKeyRow>>,
  Check<Fits<Json<Pick<Chat, Exclude<keyof V1Chat, 'id' | 'message_count'>>> & { id: Chat['uuid'] }, Omit<V1Chat, 'message_count'>>>,
  // Dated<T> is what the queries return; its JSON must be T again.
  Check<Same<Json<Dated<ChatDetail>>, ChatDetail>>,
  Check<Same<Json<Dated<MessageRow>>, MessageRow>>,
  Check<Same<Json<Dated<ApiKeyRow>>, ApiKeyRow>>,
  Check<Same<Json<Dated<V1Chat>>, V1Chat>>,
]
