import { describe, expect, it } from 'vitest'
import { nearestInDirection } from './navigate'

const at = (id: number, x: number, y: number) => ({ id, x, y })

describe('nearestInDirection', () => {
  const from = at(1, 100, 100)
  const points = [
    from,
    at(2, 130, 100), // right, straight ahead
    at(3, 115, 135), // right, but mostly below
    at(4, 60, 98), // left
    at(5, 100, 40), // up
    at(6, 104, 170) // down
  ]

  it('goes to the nearest place that way, preferring one straight ahead', () => {
    expect(nearestInDirection(from, points, 'right')?.id).toBe(2)
    expect(nearestInDirection(from, points, 'left')?.id).toBe(4)
    expect(nearestInDirection(from, points, 'up')?.id).toBe(5)
    expect(nearestInDirection(from, points, 'down')?.id).toBe(3)
  })

  it('says when there is nothing that way', () => {
    expect(nearestInDirection(at(2, 130, 100), points, 'right')).toBeNull()
    expect(nearestInDirection(from, [from], 'up')).toBeNull()
  })

  it('steps through places on the very same spot by id, nearest id first', () => {
    const spot = [at(10, 5, 5), at(12, 5, 5), at(11, 5, 5), at(20, 40, 5)]
    expect(nearestInDirection(spot[0]!, spot, 'right')?.id).toBe(11)
    expect(nearestInDirection(spot[2]!, spot, 'right')?.id).toBe(12)
    expect(nearestInDirection(spot[1]!, spot, 'right')?.id).toBe(20)
    expect(nearestInDirection(spot[1]!, spot, 'left')?.id).toBe(11)
    expect(nearestInDirection(spot[0]!, spot, 'up')).toBeNull()
  })
})
