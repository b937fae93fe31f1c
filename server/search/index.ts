// Search over chat names and message text (issue 17; docs/architecture.md "Search"): the SQL the
// chat lists compose. The query language and the filters' grammar are the contract, in
// #shared/utils/search-query and #shared/utils/chat-filters.
export { filterConditions, LAST_MESSAGE_JSON, matchJson, MESSAGE_COUNT, searchedChats, type ChatSearch } from './sql'
