/**
 * Markers keep one size on screen, so places a few km apart overlap at any zoom. Zoomed in, each
 * group of overlapping markers is laid out around its centre — a ring for a few, a sunflower for
 * more — so every one can be seen, hovered and clicked. Pure: screen points in, offsets out.
 */

export interface ScreenPoint {
  id: number
  x: number
  y: number
}

export type Offsets = Map<number, readonly [number, number]>

/** The golden angle: successive sunflower seeds never line up. */
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5))
/** Up to this many, a ring around the centre; more go on a sunflower. */
const RING_MAX = 7
/**
 * Sunflower seed i sits SEED * spacing * sqrt(i + 0.5) from the centre: the least that keeps any
 * two seeds a spacing apart (the closest pair is 1.546 SEED apart, up to 300 seeds).
 */
const SEED = 0.65

/** Slot positions around (0, 0), no two closer than `spacing`, the first at `startAngle`. */
export function clusterSlots(count: number, spacing: number, startAngle = 0): [number, number][] {
  if (count <= 1) return [[0, 0]]
  if (count <= RING_MAX) {
    const radius = spacing / (2 * Math.sin(Math.PI / count))
    return Array.from({ length: count }, (_, i) => {
      const angle = startAngle + (2 * Math.PI * i) / count
      return [radius * Math.cos(angle), radius * Math.sin(angle)]
    })
  }
  return Array.from({ length: count }, (_, i) => {
    const radius = SEED * spacing * Math.sqrt(i + 0.5)
    const angle = startAngle + i * GOLDEN_ANGLE
    return [radius * Math.cos(angle), radius * Math.sin(angle)]
  })
}

/**
 * Groups points that overlap: each point not yet taken, in order, takes the untaken points within
 * `spacing` of it. Not transitive on purpose — a chain of near neighbours along a coast stays many
 * small groups instead of becoming one that would be moved far from where it belongs.
 */
export function overlapGroups(points: readonly ScreenPoint[], spacing: number): ScreenPoint[][] {
  const cells = new Map<number, number[]>()
  // A number per cell: columns and rows far beyond any screen stay distinct.
  const key = (cx: number, cy: number) => (cx + 2 ** 20) * 2 ** 22 + (cy + 2 ** 20)
  points.forEach((point, index) => {
    const k = key(Math.floor(point.x / spacing), Math.floor(point.y / spacing))
    const cell = cells.get(k)
    if (cell) cell.push(index)
    else cells.set(k, [index])
  })
  const taken = new Uint8Array(points.length)
  const groups: ScreenPoint[][] = []
  const limit = spacing * spacing
  points.forEach((point, index) => {
    if (taken[index]) return
    taken[index] = 1
    const group = [point]
    const cx = Math.floor(point.x / spacing)
    const cy = Math.floor(point.y / spacing)
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const other of cells.get(key(cx + dx, cy + dy)) ?? []) {
          if (taken[other]) continue
          const candidate = points[other]!
          if ((candidate.x - point.x) ** 2 + (candidate.y - point.y) ** 2 < limit) {
            taken[other] = 1
            group.push(candidate)
          }
        }
      }
    }
    groups.push(group)
  })
  return groups
}

/**
 * Offsets (screen px) that lay out every overlapping group around its centre, matching members to
 * slots by their direction from it, so a place east of its neighbours stays east of them.
 */
export function spreadOffsets(points: readonly ScreenPoint[], spacing: number): Offsets {
  const offsets: Offsets = new Map()
  for (const group of overlapGroups(points, spacing)) {
    if (group.length < 2) continue
    const cx = group.reduce((sum, point) => sum + point.x, 0) / group.length
    const cy = group.reduce((sum, point) => sum + point.y, 0) / group.length
    const angleOf = (point: ScreenPoint) => Math.atan2(point.y - cy, point.x - cx)
    const members = [...group].sort((a, b) => angleOf(a) - angleOf(b) || a.id - b.id)
    const slots = clusterSlots(members.length, spacing, angleOf(members[0]!))
    if (members.length > RING_MAX) {
      // Sunflower slots wind outwards: match members to them by angle within the seed order.
      slots.sort((a, b) => Math.atan2(a[1], a[0]) - Math.atan2(b[1], b[0]))
    }
    members.forEach((member, i) => {
      const [sx, sy] = slots[i]!
      offsets.set(member.id, [cx + sx - member.x, cy + sy - member.y])
    })
  }
  return offsets
}
