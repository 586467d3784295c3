/**
 * The order images come in: a shuffle bag. Every eligible image is drawn once before any comes
 * again, and the image on the desktop is never drawn next, not even as the first of a new round.
 * The bag is kept as the ids drawn this round rather than a pre-shuffled list, so images that
 * become eligible mid-round (a new favorite) join the round, and ones that leave it simply drop
 * out; drawing uniformly from what is left is the same as walking a shuffled list.
 */

export interface BagState {
  /** The image on the desktop (set by the rotation or by the person), or null. */
  current: number | null
  /** Images drawn in this round, in order. */
  drawn: number[]
}

export const EMPTY_BAG: BagState = { current: null, drawn: [] }

/** A number in [0, 1), like Math.random; injectable so tests can fix the order. */
export type Random = () => number

/** The next image and the bag after drawing it; null when nothing is eligible. */
export function drawNext(
  state: BagState,
  eligible: readonly number[],
  random: Random
): { id: number; state: BagState } | null {
  const pool = [...new Set(eligible)]
  if (pool.length === 0) return null
  const inPool = new Set(pool)
  let drawn = state.drawn.filter((id) => inPool.has(id))
  const taken = new Set(drawn)
  let candidates = pool.filter((id) => !taken.has(id) && id !== state.current)
  if (candidates.length === 0) {
    // Everything has had its turn: a new round, which still must not start with the current image.
    drawn = []
    candidates = pool.filter((id) => id !== state.current)
    // A single eligible image that is already showing: it is the only choice.
    if (candidates.length === 0) candidates = pool
  }
  const index = Math.min(candidates.length - 1, Math.floor(random() * candidates.length))
  const id = candidates[index]!
  return { id, state: { current: id, drawn: [...drawn, id] } }
}
