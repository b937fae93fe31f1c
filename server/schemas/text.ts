import { z } from 'zod'
import type { ValidationIssue } from '#server/utils/errors'
import { isCleanText } from '#server/utils/text'

// The one text rule (server/utils/text.ts): no NUL byte and no unpaired surrogate, which Postgres
// refuses (a 500 later) or stores as garbage. It is applied twice over, so no field can slip past:
// readJsonBody checks every string of every JSON body — values and property names, however deep,
// whatever the schema — before the schema runs; and every schema string is built from text().

export const TEXT_RULE_MESSAGE = 'Must not contain NUL bytes or unpaired surrogates'

/** Every string a schema accepts starts here: text that breaks the rule is badRequest's 400. */
export const text = () => z.string().refine(isCleanText, { message: TEXT_RULE_MESSAGE })

/**
 * The first string in a parsed JSON value that breaks the rule, as the issue text() would give
 * (`messages.0.message: Must not contain …`); undefined when every string is clean. Walks with a
 * stack of its own, so no nesting JSON.parse accepts can overflow it.
 */
export function uncleanTextIssue(json: unknown): ValidationIssue | undefined {
  const pending: Place[] = [{ value: json }]
  for (let place = pending.pop(); place; place = pending.pop()) {
    const { value } = place
    if (typeof value === 'string') {
      if (!isCleanText(value)) return issueAt(place, TEXT_RULE_MESSAGE)
    }
    else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) {
        if (typeof value[i] === 'object' || typeof value[i] === 'string') pending.push({ value: value[i], parent: place, key: i })
      }
    }
    else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value)
      // A property name is not echoed back: the issue names the object that holds it.
      if (entries.some(([key]) => !isCleanText(key))) return issueAt(place, `Property names ${TEXT_RULE_MESSAGE.replace(/^M/, 'm')}`)
      for (let i = entries.length - 1; i >= 0; i--) pending.push({ value: entries[i]![1], parent: place, key: entries[i]![0] })
    }
  }
  return undefined
}

/** A value in the body, and where it sits (the path is only spelled out for an issue). */
interface Place {
  value: unknown
  parent?: Place
  key?: string | number
}

function issueAt(place: Place, message: string): ValidationIssue {
  const path: (string | number)[] = []
  for (let at: Place | undefined = place; at?.parent; at = at.parent) path.unshift(at.key!)
  return { code: 'custom', message: path.length ? `${path.join('.')}: ${message}` : message, path }
}
