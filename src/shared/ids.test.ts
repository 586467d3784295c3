import { describe, expect, it } from 'vitest'
import { IdSpecError, MAX_ID, parseIdSpec } from './ids'

describe('parseIdSpec', () => {
  it('reads ids and ranges, sorted and once each', () => {
    expect(parseIdSpec('5003, 1000-1002,1001')).toEqual({
      kind: 'list',
      ids: [1000, 1001, 1002, 5003]
    })
    expect(parseIdSpec(' known ')).toEqual({ kind: 'known' })
  })

  it('counts overlapping ranges once against the id limit', () => {
    // Each range alone is within the limit; counted twice, together they were refused.
    const plan = parseIdSpec(`1-${MAX_ID},1-${MAX_ID}`)
    expect(plan.kind === 'list' && plan.ids.length).toBe(MAX_ID)
    const adjacent = parseIdSpec('1-10,11-20,5-15')
    expect(adjacent.kind === 'list' && adjacent.ids).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1)
    )
  })

  it('stays quick for a long list of repeated wide ranges', () => {
    const spec = Array.from({ length: 1_250 }, () => `1-${MAX_ID}`).join(',')
    const started = performance.now()
    expect(parseIdSpec(spec).kind).toBe('list')
    // Expanded once after merging: ~10 ms; expanding each range would be 125 million steps.
    expect(performance.now() - started).toBeLessThan(2_000)
  })

  it.each([
    ['abc', '"abc" is not an id or a range like 1000-2999'],
    ['5-1', '"5-1": a range must run from low to high'],
    ['0', `"0": ids run from 1 to ${MAX_ID}`],
    [',', 'the id list is empty']
  ])('refuses %j', (spec, message) => {
    expect(() => parseIdSpec(spec)).toThrow(new IdSpecError(message))
  })
})
