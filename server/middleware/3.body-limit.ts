// Bodies over 1 MiB are refused before they are buffered (413), whatever the route. The import
// (server/utils/import.ts) has its own cap, IMPORT_MAX_BYTES, and reads its body after sign-in.
export default defineEventHandler(event => isImportRequest(event) ? limitImportLength(event) : limitRequestBody(event))
