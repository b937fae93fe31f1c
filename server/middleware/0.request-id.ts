// First (with HEAD's), so every answer carries X-Request-Id, errors included; and every API
// request gets one log line when its answer is sent: method, path (no query), status, time, id.
export default defineEventHandler((event) => {
  const requestId = requestIdOf(event)
  setResponseHeader(event, 'X-Request-Id', requestId)
  if (!event.path.startsWith('/api/')) return
  const started = performance.now()
  const { req, res } = event.node
  const method = req.method
  res.once('finish', () => {
    const path = event.path.split('?')[0]
    console.info(`[neptun] ${method} ${path} ${res.statusCode} ${Math.round(performance.now() - started)}ms request_id=${requestId}`)
  })
})
