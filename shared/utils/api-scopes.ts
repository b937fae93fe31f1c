// What an API key may do (docs/api.md, "Scopes"), chosen when it is made; every v1 route names the
// one scope it needs. Shared: the settings page offers the same list the server checks.

export const API_KEY_SCOPES = ['chats:read', 'chats:delete', 'messages:read', 'messages:write'] as const
export type ApiKeyScope = typeof API_KEY_SCOPES[number]

export const API_KEY_SCOPE_LABELS: Record<ApiKeyScope, string> = {
  'chats:read': 'List and read chats',
  'chats:delete': 'Delete chats',
  'messages:read': 'Read messages and follow chats live',
  'messages:write': 'Add messages and trim the last exchange',
}

/** The lifetimes a key may be given, in days; no expiry is the other choice. */
export const API_KEY_EXPIRY_DAYS = [7, 30, 90, 365] as const
export type ApiKeyExpiryDays = typeof API_KEY_EXPIRY_DAYS[number]

/** The settings page warns this long before a key expires. */
export const API_KEY_EXPIRY_WARNING_MS = 7 * 24 * 60 * 60 * 1000
