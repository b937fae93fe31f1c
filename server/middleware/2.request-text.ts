// A NUL byte, a lone surrogate or broken percent-encoding in an API path or query is a 400 before
// any route parses it (bodies are checked by the schemas' text()). The v1 routes are left to
// themselves: they accept only UUIDs, integers and their own cursors, and answer a bad one in the
// v1 error shape (`Invalid chat_id`, with no-store).
export default defineEventHandler((event) => {
  if (!event.path.startsWith('/api/') || event.path.startsWith('/api/v1/')) return
  if (!isCleanRequestPath(event.path)) throw badRequest([{ code: 'invalid_text', message: 'The path or query contains a NUL byte, an unpaired surrogate or malformed percent-encoding' }])
})
