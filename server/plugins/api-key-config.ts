// A mistyped API_KEY_RATE_LIMIT_PER_MINUTE must stop the server at start, not fail every v1 request.
export default defineNitroPlugin(() => {
  try {
    apiKeyRateLimitPerMinute()
  }
  catch (error) {
    console.error(`[neptun] ${(error as Error).message}. Refusing to start.`)
    process.exit(1)
  }
})
