/** Where to go after sign-in: only a path on this site ("/projects/3?x=1"), never "//evil.com" or "https://…". */
export function safeRedirect(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return undefined
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\\]/.test(value)) return undefined
  if (/^\/(login|register)(\/|\?|#|$)/.test(value)) return undefined
  return value
}
