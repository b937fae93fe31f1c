// HEAD works on every GET route (h3's router gives a `.get.ts` route GET only): an API HEAD runs
// as the GET would, and Node sends the GET's status and headers without the body (a response to
// HEAD never has one). Runs before anything reads the method.
export default defineEventHandler((event) => {
  if (event.node.req.method !== 'HEAD' || !event.path.startsWith('/api/')) return
  event.node.req.method = 'GET'
  event._method = 'GET'
})
