const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
]

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' })
const exact = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'medium' })
const exactUtc = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' })

/** "3 days ago", "yesterday", "now". */
export function relativeTime(iso: string, now = Date.now()): string {
  const seconds = (Date.parse(iso) - now) / 1000
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === 'second') {
      const value = Math.round(seconds / size)
      return unit === 'second' && Math.abs(value) < 10 ? 'just now' : relative.format(value, unit)
    }
  }
  return ''
}

/** "Mar 20, 2024, 10:00:00 AM", shown on hover. */
export function exactTime(iso: string): string {
  return exact.format(new Date(iso))
}

/** The same in UTC, marked so: what the server can render before the reader's time zone is known. */
export function exactTimeUtc(iso: string): string {
  return `${exactUtc.format(new Date(iso))} UTC`
}
