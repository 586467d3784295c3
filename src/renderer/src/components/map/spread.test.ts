import { describe, expect, it } from 'vitest'
import { clusterSlots, overlapGroups, spreadOffsets, type ScreenPoint } from './spread'

const SPACING = 10

function minDistance(points: readonly (readonly [number, number])[]): number {
  let min = Infinity
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const [a, b] = [points[i]!, points[j]!]
      min = Math.min(min, Math.hypot(a[0] - b[0], a[1] - b[1]))
    }
  }
  return min
}

const moved = (points: readonly ScreenPoint[], offsets: ReturnType<typeof spreadOffsets>) =>
  points.map((point) => {
    const [dx, dy] = offsets.get(point.id) ?? [0, 0]
    return [point.x + dx, point.y + dy] as const
  })

describe('clusterSlots', () => {
  it('keeps every slot at least the spacing from every other, rings and sunflowers alike', () => {
    for (let count = 2; count <= 80; count++) {
      expect(minDistance(clusterSlots(count, SPACING)), `${count} slots`).toBeGreaterThanOrEqual(
        SPACING * 0.999
      )
    }
  })

  it('stays compact: a sunflower of 40 fits in a disc about as small as 40 markers can', () => {
    const slots = clusterSlots(40, SPACING)
    const radius = Math.max(...slots.map(([x, y]) => Math.hypot(x, y)))
    // 40 discs of diameter SPACING need a disc of radius ≥ ~3.3 spacings; allow some slack.
    expect(radius).toBeLessThan(4.2 * SPACING)
  })
})

describe('overlapGroups', () => {
  it('leaves apart what does not overlap', () => {
    const points = [0, 1, 2, 3].map((i) => ({ id: i, x: i * SPACING * 1.5, y: 0 }))
    expect(overlapGroups(points, SPACING).map((group) => group.length)).toEqual([1, 1, 1, 1])
  })

  it('does not chain near neighbours along a line into one far-reaching group', () => {
    const points = Array.from({ length: 12 }, (_, i) => ({ id: i, x: i * SPACING * 0.8, y: 0 }))
    const groups = overlapGroups(points, SPACING)
    expect(Math.max(...groups.map((group) => group.length))).toBeLessThanOrEqual(3)
    expect(groups.flat()).toHaveLength(points.length)
  })

  it('finds neighbours across grid cells and at negative coordinates', () => {
    const points = [
      { id: 1, x: -0.5, y: -0.5 },
      { id: 2, x: 0.5, y: 0.5 },
      { id: 3, x: 500, y: 500 }
    ]
    expect(overlapGroups(points, SPACING).map((group) => group.map((p) => p.id))).toEqual([
      [1, 2],
      [3]
    ])
  })
})

describe('spreadOffsets', () => {
  it('moves places at the same spot apart, around where they are', () => {
    const points = [7, 3, 9, 1, 5].map((id) => ({ id, x: 100, y: 50 }))
    const offsets = spreadOffsets(points, SPACING)
    const after = moved(points, offsets)
    expect(minDistance(after)).toBeGreaterThanOrEqual(SPACING * 0.999)
    const cx = after.reduce((sum, [x]) => sum + x, 0) / after.length
    const cy = after.reduce((sum, [, y]) => sum + y, 0) / after.length
    expect(cx).toBeCloseTo(100, 6)
    expect(cy).toBeCloseTo(50, 6)
  })

  it('keeps the east one east and the north one north', () => {
    const pair = [
      { id: 1, x: 200, y: 100 },
      { id: 2, x: 203, y: 100 }
    ]
    const [west, east] = moved(pair, spreadOffsets(pair, SPACING))
    expect(east![0] - west![0]).toBeCloseTo(SPACING, 6)
    const column = [
      { id: 1, x: 0, y: 10 },
      { id: 2, x: 0, y: 8 }
    ]
    const [south, north] = moved(column, spreadOffsets(column, SPACING))
    expect(north![1]).toBeLessThan(south![1])
  })

  it('moves nothing that does not overlap, and spreads a dense cluster without overlaps', () => {
    let seed = 7
    const random = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647
    const cluster = Array.from({ length: 30 }, (_, i) => ({
      id: i,
      x: 300 + random() * 6,
      y: 300 + random() * 6
    }))
    const loner = { id: 99, x: 0, y: 0 }
    const offsets = spreadOffsets([...cluster, loner], SPACING)
    expect(offsets.has(loner.id)).toBe(false)
    expect(minDistance(moved(cluster, offsets))).toBeGreaterThanOrEqual(SPACING * 0.999)
  })
})
