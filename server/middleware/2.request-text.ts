// A NUL byte, a lone surrogate or broken percent-encoding in an API path or query is a 400 before
// any route parses it (bodies are checked by the schemas' text()).
export default defineEventHandler((event) => {
  if (!event.path.startsWith('/api/')) return
  if (!isCleanRequestPath(event.path)) throw badRequest([{ code: 'invalid_text', message: 'The path or query contains a NUL byte, an unpaired surrogate or malformed percent-encoding' }])
})
