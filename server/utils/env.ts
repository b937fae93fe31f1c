/**
 * A setting that must be a positive integer when given: unset or empty → undefined (the caller's
 * default); anything else that is not one throws, naming the variable, so a typo stops the server
 * at start instead of running with a limit nobody chose.
 */
export function positiveIntegerSetting(name: string, what = 'a positive integer'): number | undefined {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return undefined
  if (!/^[1-9]\d{0,8}$/.test(raw)) throw new Error(`${name} must be ${what}`)
  return Number(raw)
}
