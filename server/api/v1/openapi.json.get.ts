import { openApiDocument } from '#server/v1'

// GET /api/v1/openapi.json — the v1 API's OpenAPI 3.1 document, built from the routes' own
// schemas (server/v1/openapi.ts). Public: it describes the API, it holds no data.
export default defineEventHandler((event) => {
  setResponseHeader(event, 'Cache-Control', 'public, max-age=300')
  return openApiDocument()
})
