/** Sent with every answer: no MIME sniffing, no framing, no full URLs leaking to other sites. */
export const BASE_SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-Frame-Options': 'DENY',
} as const

/** API answers are data, never a document: nothing in them may run or be framed. */
export const API_CONTENT_SECURITY_POLICY = 'default-src \'none\'; frame-ancestors \'none\''

/**
 * The pages' policy. Scripts and style sheets come from our origin or carry this response's nonce
 * (Nuxt's inline config, payload and CSS get it at render time); no other inline script or style.
 */
export function pageContentSecurityPolicy(nonce: string): string {
  return [
    'default-src \'self\'',
    `script-src 'self' 'nonce-${nonce}'`,
    `style-src 'self' 'nonce-${nonce}'`,
    'img-src \'self\' data:',
    'font-src \'self\'',
    'connect-src \'self\'',
    'object-src \'none\'',
    'base-uri \'none\'',
    'form-action \'self\'',
    'frame-ancestors \'none\'',
  ].join('; ')
}
