/**
 * Id plans: which Earth View ids a crawl asks for. "known" is the bundled catalog; anything else
 * is a list of ids and ranges such as "1000-2999,5003". Ranges are probed: a 404 there is
 * "missing", not an error.
 */
export type IdPlan = { kind: 'known' } | { kind: 'list'; ids: number[] }

export const MAX_ID = 99_999
export const MAX_IDS_PER_PLAN = 100_000

export class IdSpecError extends Error {
  override name = 'IdSpecError'
}

export function parseIdSpec(spec: string): IdPlan {
  const text = spec.trim()
  if (text === '' || text.toLowerCase() === 'known') return { kind: 'known' }
  const ranges: [number, number][] = []
  for (const raw of text.split(',')) {
    const part = raw.trim()
    if (part === '') continue
    const match = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part)
    if (!match) throw new IdSpecError(`"${part}" is not an id or a range like 1000-2999`)
    const first = Number(match[1])
    const last = match[2] === undefined ? first : Number(match[2])
    if (first < 1 || last > MAX_ID) throw new IdSpecError(`"${part}": ids run from 1 to ${MAX_ID}`)
    if (last < first) throw new IdSpecError(`"${part}": a range must run from low to high`)
    ranges.push([first, last])
  }
  if (ranges.length === 0) throw new IdSpecError('the id list is empty')
  // Overlapping ranges name the same ids once: merged before counting, and before expanding, so
  // a long list of repeated ranges costs no more than one.
  ranges.sort((a, b) => a[0] - b[0])
  const merged: [number, number][] = []
  for (const [first, last] of ranges) {
    const previous = merged.at(-1)
    if (previous && first <= previous[1] + 1) previous[1] = Math.max(previous[1], last)
    else merged.push([first, last])
  }
  const count = merged.reduce((sum, [first, last]) => sum + last - first + 1, 0)
  if (count > MAX_IDS_PER_PLAN) {
    throw new IdSpecError(`too many ids: at most ${MAX_IDS_PER_PLAN} in one crawl`)
  }
  const ids: number[] = []
  for (const [first, last] of merged) for (let id = first; id <= last; id++) ids.push(id)
  return { kind: 'list', ids }
}

/** A short human description of a plan, for the UI. */
export function describeIdPlan(plan: IdPlan, knownCount: number): string {
  return plan.kind === 'known' ? `all ${knownCount} known images` : `${plan.ids.length} ids`
}
