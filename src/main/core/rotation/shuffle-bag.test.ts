import { describe, expect, it } from 'vitest'
import { seededRandom as seeded } from '../../../../test/support/seeded-random'
import { drawNext, EMPTY_BAG, type BagState, type Random } from './shuffle-bag'

function drawMany(count: number, eligible: number[], random: Random, start = EMPTY_BAG) {
  let state: BagState = start
  const ids: number[] = []
  for (let i = 0; i < count; i++) {
    const draw = drawNext(state, eligible, random)
    if (!draw) throw new Error('nothing drawn')
    ids.push(draw.id)
    state = draw.state
  }
  return { ids, state }
}

describe('drawNext', () => {
  it.each([1, 2, 3, 42, 1234])(
    'draws every image once per round, never the same twice in a row (seed %i)',
    (seed) => {
      const eligible = [11, 12, 13, 14, 15]
      const { ids } = drawMany(40, eligible, seeded(seed))
      for (let round = 0; round < 8; round++) {
        expect([...ids.slice(round * 5, round * 5 + 5)].sort()).toEqual(eligible)
      }
      for (let i = 1; i < ids.length; i++) expect(ids[i]).not.toBe(ids[i - 1])
    }
  )

  // Always taking the first or the last candidate is the order most likely to repeat the last
  // image of a round as the first of the next.
  it.each([
    ['first', () => 0],
    ['last', () => 0.999_999]
  ])('never repeats across a reshuffle when always taking the %s candidate', (_, random) => {
    const { ids } = drawMany(12, [1, 2, 3], random)
    for (let i = 1; i < ids.length; i++) expect(ids[i]).not.toBe(ids[i - 1])
    expect(new Set(ids.slice(0, 3)).size).toBe(3)
  })

  it('does not start with the image on the desktop', () => {
    const draw = drawNext({ current: 2, drawn: [] }, [1, 2], () => 0.999)
    expect(draw?.id).toBe(1)
  })

  it('lets a new image join the round and drops ones no longer eligible', () => {
    const start: BagState = { current: 2, drawn: [1, 2] }
    // 3 is new this round; 1 left the set; 2 is showing: 3 is the only image not yet drawn.
    const draw = drawNext(start, [2, 3, 4], () => 0)
    expect(draw?.id).toBe(3)
    expect(draw?.state).toEqual({ current: 3, drawn: [2, 3] })
    expect(drawNext(draw!.state, [2, 3, 4], () => 0)?.id).toBe(4)
  })

  it('gives the only image again when it is all there is, and null when there is none', () => {
    expect(drawNext({ current: 7, drawn: [7] }, [7], Math.random)?.id).toBe(7)
    expect(drawNext(EMPTY_BAG, [], Math.random)).toBeNull()
  })

  it('counts an id listed twice once', () => {
    const { ids } = drawMany(4, [5, 5, 6], seeded(9))
    expect(new Set(ids.slice(0, 2))).toEqual(new Set([5, 6]))
  })
})
