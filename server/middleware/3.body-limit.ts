// Bodies over 1 MiB are refused before they are buffered (413), whatever the route.
export default defineEventHandler(event => limitRequestBody(event))
