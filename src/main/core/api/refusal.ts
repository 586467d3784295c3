import { GalleryError } from '@shared/errors'

/** The part of a validation problem `refusal` reads (a zod issue has it). */
export interface Problem {
  path: readonly PropertyKey[]
  message: string
}

/**
 * A value refused, as the error the page receives. When the problem is about one field of an
 * object (a setting in a patch, a property of a request), `field` names it and the message is that
 * field's problem alone, as a sentence: the page shows it beside the field, which already says
 * which setting it is. Anything else is said whole, prefixed by `context`.
 */
export function refusal(
  problem: Problem | undefined,
  fieldAt: number,
  context: string
): GalleryError {
  const field = problem?.path[fieldAt]
  if (problem && typeof field === 'string') {
    return new GalleryError('invalid-argument', sentence(problem.message), { field })
  }
  return new GalleryError('invalid-argument', `${context}: ${problem?.message ?? 'wrong type'}.`)
}

function sentence(text: string): string {
  const trimmed = text.trim().replace(/\.$/, '')
  return `${trimmed.charAt(0).toUpperCase()}${trimmed.slice(1)}.`
}
