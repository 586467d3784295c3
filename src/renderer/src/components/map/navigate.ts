/**
 * Arrow keys on the map move to the marker a person would point at: the nearest one in that
 * direction on screen, preferring ones straight ahead. Pure, so it is unit-tested.
 */
import type { ScreenPoint } from './spread'

export type Direction = 'left' | 'right' | 'up' | 'down'

export const ARROW_DIRECTIONS: Record<string, Direction> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down'
}

/** Sideways distance counts this much more than distance ahead. */
const SIDEWAYS_COST = 2

/**
 * The point to move to from `from`, or null when there is none that way. Points on the very same
 * spot (places a few metres apart, at a low zoom) are stepped through in id order: right and down
 * go to the next id, left and up to the previous one, so none is out of reach.
 */
export function nearestInDirection(
  from: ScreenPoint,
  points: readonly ScreenPoint[],
  direction: Direction
): ScreenPoint | null {
  const forward = direction === 'right' || direction === 'down'
  const horizontal = direction === 'left' || direction === 'right'
  let best: ScreenPoint | null = null
  let bestScore = Infinity
  for (const point of points) {
    if (point.id === from.id) continue
    const dx = point.x - from.x
    const dy = point.y - from.y
    const ahead = (horizontal ? dx : dy) * (forward ? 1 : -1)
    const sideways = Math.abs(horizontal ? dy : dx)
    let score: number
    if (ahead > 0) score = ahead + SIDEWAYS_COST * sideways
    else if (ahead === 0 && sideways === 0 && point.id > from.id === forward) {
      // Same spot: the nearest id that way wins, before anything that is actually further.
      score = -1 / (1 + Math.abs(point.id - from.id))
    } else continue
    if (score < bestScore || (score === bestScore && best !== null && point.id < best.id)) {
      best = point
      bestScore = score
    }
  }
  return best
}
