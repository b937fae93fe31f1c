// The v1 API (docs/api.md, "v1 API"; docs/architecture.md, "The v1 API"): its contract, the route
// wrapper every v1 route file calls, the keys and how a request or a live handshake proves one.

export { API_KEY_WINDOW_SECONDS, credentialOf, findApiKeyUse, INVALID_API_KEY, missingScope, wwwAuthenticate } from './auth'
export { v1Routes } from './contract'
export { readV1ChatSearch } from './chat-search'
export { encodeV1Cursor, encodeV1MessageCursor, INVALID_CURSOR } from './cursor'
export { defineV1Route, v1BadRequest, v1MethodNotAllowed } from './define-route'
export { generateApiKey, MAX_LIVE_API_KEYS } from './keys'
export { openApiDocument } from './openapi'
