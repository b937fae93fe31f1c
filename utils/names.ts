/** "A, B, C" — or "A, B, C and 4 more" when there are many. */
export function listNames(names: string[], shown = 3): string {
  if (names.length <= shown + 1) return names.join(', ')
  return `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`
}
