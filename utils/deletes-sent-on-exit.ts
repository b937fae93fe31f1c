// Deletes sent as the page unloaded (a reload, say): the tab's next page may have been rendered
// before the server had them, and its live socket may connect after they were announced. So the
// tab notes them (sessionStorage, per listing) until an answer arrives, and the listing's next
// mount drops whatever is still noted.

const KEY = 'neptun:deletes-sent-on-exit'

function read(): Record<string, number[]> {
  try {
    const notes: unknown = JSON.parse(sessionStorage.getItem(KEY) ?? '{}')
    return notes && typeof notes === 'object' ? notes as Record<string, number[]> : {}
  }
  catch {
    return {}
  }
}

/** Sets the listing's noted ids to `update(noted)`; returns what was noted before. */
function change(base: string, update: (noted: number[]) => number[]): number[] {
  const { [base]: noted = [], ...others } = read()
  const next = update(noted)
  sessionStorage.setItem(KEY, JSON.stringify(next.length ? { ...others, [base]: next } : others))
  return noted
}

export function noteDeletesSentOnExit(base: string, ids: number[]): void {
  change(base, noted => [...new Set([...noted, ...ids])])
}

/** Their answer arrived on this page: nothing is left for a next one. */
export function clearDeletesSentOnExit(base: string, ids: number[]): void {
  change(base, noted => noted.filter(id => !ids.includes(id)))
}

/** The ids noted for the listing at `base`, once. */
export function takeDeletesSentOnExit(base: string): number[] {
  return change(base, () => [])
}
