/**
 * The map's markers as plain SVG circles, kept in step with the places shown by hand rather than
 * by React: 2,609 component trees would cost more to reconcile than the map costs to draw, and
 * a crawl changes a few attributes, not the set. Events are handled once, on the map, by data-id.
 *
 * Markers keep one size on screen: each circle's radius is its size in px over the zoom. Set as
 * an attribute, only on the markers in (or just outside) the view, and only when it changes:
 * measured in Chromium, a radius through an inherited CSS variable cost 25-45 ms of style work
 * per zoom frame for 2,609 markers, the attribute 10-18 ms for all of them, and a zoomed-in view
 * holds a few hundred.
 */
import { itemLabel, type CatalogEntry } from '@shared/catalog'
import { rgb } from '../../lib/format'
import type { Offsets, ScreenPoint } from './spread'
import type { WorldPoint } from './world'

const SVG_NS = 'http://www.w3.org/2000/svg'

export const PENDING_DESCRIPTION_ID = 'map-marker-pending'
export const FAVORITE_DESCRIPTION_ID = 'map-marker-favorite'

interface Marker {
  element: SVGCircleElement
  entry: CatalogEntry
  world: WorldPoint
  saved: boolean
  favorite: boolean
  /** The radius attribute as last set, in world units. */
  radius: number
  /** How far off its size on screen (a fraction) the marker may drift before it is resized. */
  tolerance: number
  /** The offset (world units) cx and cy were last set with. */
  offset: readonly [number, number]
}

/** On screen, in px: a saved place; one not saved yet is a px smaller, a hovered one larger. */
export const MARKER_RADIUS = 4
const PENDING_RADIUS = MARKER_RADIUS - 1
const RAISED_RADIUS = MARKER_RADIUS + 2.5
/** No marker is ever larger than this on screen. */
export const MAX_MARKER_RADIUS = RAISED_RADIUS

/** The outline, px on screen. */
const OUTLINE = 1

/**
 * Between 2% and 6% of its size (a tenth of a pixel or two), different for each marker: during a
 * zoom the markers in view are resized a share at a time, frame by frame, rather than all in
 * the same frame.
 */
function driftTolerance(id: number): number {
  return 0.02 + 0.04 * (((id * 2_654_435_761) >>> 0) / 2 ** 32)
}

/** World units per cell of the index that finds the markers in view. */
const CELL = 10

export interface WorldBox {
  x0: number
  y0: number
  x1: number
  y1: number
}

/** Screen px per world unit, and where world (0, 0) is on screen. */
export interface View {
  k: number
  x: number
  y: number
}

function describedBy(saved: boolean, favorite: boolean): string | null {
  const ids = [favorite && FAVORITE_DESCRIPTION_ID, !saved && PENDING_DESCRIPTION_ID]
  const text = ids.filter(Boolean).join(' ')
  return text === '' ? null : text
}

const cellKey = (cx: number, cy: number) => (cx + 2 ** 16) * 2 ** 17 + (cy + 2 ** 16)

function setFlag(element: Element, name: string, on: boolean): void {
  if (on) element.setAttribute(name, '')
  else element.removeAttribute(name)
}

export class MarkerLayer {
  private readonly markers = new Map<number, Marker>()
  /** In the order shown (the grid's), which is also the DOM and reading order. */
  private order: Marker[] = []
  private offsets: Offsets = new Map()
  private offsetScale = 1
  /** The largest offset, screen px at offsetScale. */
  private maxOffset = 0
  private tabbableId: number | null = null
  /** Screen px per world unit the markers in view are sized for. */
  private scale = 1
  private index = new Map<number, Marker[]>()
  /** Where the next budgeted fitView starts among the markers in view. */
  private turn = 0
  private readonly raised = new Map<'hover' | 'focus', number>()

  constructor(private readonly group: SVGGElement) {}

  /**
   * Makes the layer hold exactly these places, in this order, saved and favorite as given.
   * Returns whether which places are shown (or where) changed, not just their state.
   */
  sync(
    entries: readonly CatalogEntry[],
    positions: ReadonlyMap<number, WorldPoint>,
    library: ReadonlyMap<number, unknown>,
    favorites: ReadonlySet<number>
  ): boolean {
    let changed = false
    const next: Marker[] = []
    const keep = new Set<number>()
    let previous: Element | null = null
    for (const entry of entries) {
      const world = positions.get(entry.id)
      if (!world) continue
      keep.add(entry.id)
      let marker = this.markers.get(entry.id)
      if (!marker) {
        marker = this.create(entry, world)
        changed = true
      }
      if (marker.entry !== entry) this.describe(marker, entry)
      if (marker.world[0] !== world[0] || marker.world[1] !== world[1]) {
        this.move(marker, world)
        changed = true
      }
      this.setState(marker, library.has(entry.id), favorites.has(entry.id))
      const expected: ChildNode | null = previous ? previous.nextSibling : this.group.firstChild
      if (marker.element !== expected) this.group.insertBefore(marker.element, expected)
      previous = marker.element
      next.push(marker)
    }
    for (const [id, marker] of this.markers) {
      if (keep.has(id)) continue
      marker.element.remove()
      this.markers.delete(id)
      changed = true
    }
    this.order = next
    if (this.tabbableId !== null && !this.markers.has(this.tabbableId)) this.tabbableId = null
    if (changed) this.reindex()
    return changed
  }

  private create(entry: CatalogEntry, world: WorldPoint): Marker {
    const element = document.createElementNS(SVG_NS, 'circle')
    element.setAttribute('class', 'map-marker')
    element.setAttribute('role', 'button')
    element.setAttribute('tabindex', '-1')
    element.setAttribute('data-id', String(entry.id))
    element.setAttribute('cx', String(world[0]))
    element.setAttribute('cy', String(world[1]))
    const marker: Marker = {
      element,
      entry,
      world,
      saved: false,
      favorite: false,
      radius: 0,
      tolerance: driftTolerance(entry.id),
      offset: [0, 0]
    }
    this.describe(marker, entry)
    element.setAttribute('aria-describedby', PENDING_DESCRIPTION_ID)
    this.markers.set(entry.id, marker)
    this.fit(marker)
    return marker
  }

  /** A place learnt again with other coordinates (a crawled document may correct the catalog). */
  private move(marker: Marker, world: WorldPoint): void {
    marker.world = world
    marker.offset = [0, 0]
    marker.element.setAttribute('cx', String(world[0]))
    marker.element.setAttribute('cy', String(world[1]))
  }

  private describe(marker: Marker, entry: CatalogEntry): void {
    marker.entry = entry
    marker.element.setAttribute('aria-label', itemLabel(entry))
    marker.element.setAttribute('fill', rgb(entry.primaryColor))
  }

  private setState(marker: Marker, saved: boolean, favorite: boolean): void {
    if (marker.saved === saved && marker.favorite === favorite) return
    marker.saved = saved
    marker.favorite = favorite
    setFlag(marker.element, 'data-saved', saved)
    setFlag(marker.element, 'data-favorite', favorite)
    const described = describedBy(saved, favorite)
    if (described) marker.element.setAttribute('aria-describedby', described)
    else marker.element.removeAttribute('aria-describedby')
    this.fit(marker)
  }

  private radiusPx(marker: Marker): number {
    const id = marker.entry.id
    if (this.raised.get('hover') === id || this.raised.get('focus') === id) return RAISED_RADIUS
    return marker.saved ? MARKER_RADIUS : PENDING_RADIUS
  }

  /**
   * Sets the marker's radius and outline for the current scale, unless it is within its tolerance
   * of the right size, and moves it by its spread offset: only the attributes that change.
   * Returns whether it changed anything.
   */
  private fit(marker: Marker): boolean {
    let changed = false
    const radius = this.radiusPx(marker) / this.scale
    if (Math.abs(radius - marker.radius) > radius * marker.tolerance) {
      marker.radius = radius
      marker.element.setAttribute('r', String(radius))
      marker.element.setAttribute('stroke-width', String(OUTLINE / this.scale))
      changed = true
    }
    const offset = this.offsets.get(marker.entry.id)
    const dx = offset ? offset[0] / this.offsetScale : 0
    const dy = offset ? offset[1] / this.offsetScale : 0
    if (dx !== marker.offset[0] || dy !== marker.offset[1]) {
      marker.offset = [dx, dy]
      marker.element.setAttribute('cx', String(marker.world[0] + dx))
      marker.element.setAttribute('cy', String(marker.world[1] + dy))
      changed = true
    }
    return changed
  }

  /**
   * Sizes and places the markers whose place is in `box` (world units) for `scale` screen px per
   * world unit, at most `budget` of them (each costs the page a style recalculation), taking turns
   * from one call to the next. Returns false when some are left for another frame.
   *
   * A marker outside the box keeps the size and offset it had, so the box must reach a largest
   * marker's radius plus the largest spread offset beyond the view: a marker sized at the lowest
   * zoom, or moved from further out, must not reach into it.
   */
  fitView(scale: number, box: WorldBox, budget = Infinity): boolean {
    this.scale = scale
    const reach = this.maxOffset / this.offsetScale
    const inView: Marker[] = []
    const [cx0, cx1] = [Math.floor((box.x0 - reach) / CELL), Math.floor((box.x1 + reach) / CELL)]
    const [cy0, cy1] = [Math.floor((box.y0 - reach) / CELL), Math.floor((box.y1 + reach) / CELL)]
    for (let cx = cx0; cx <= cx1; cx++) {
      for (let cy = cy0; cy <= cy1; cy++) {
        for (const marker of this.index.get(cellKey(cx, cy)) ?? []) inView.push(marker)
      }
    }
    let left = budget
    for (let i = 0; i < inView.length; i++) {
      const marker = inView[(this.turn + i) % inView.length]!
      if (!this.fit(marker) || --left > 0) continue
      this.turn = (this.turn + i + 1) % inView.length
      return false
    }
    return true
  }

  /** The hovered or the focused marker is drawn larger. */
  raise(kind: 'hover' | 'focus', id: number | null): void {
    const before = this.raised.get(kind)
    if (before === id) return
    if (id === null) this.raised.delete(kind)
    else this.raised.set(kind, id)
    for (const changed of [before, id]) {
      const marker = changed === undefined || changed === null ? null : this.markers.get(changed)
      if (marker) this.fit(marker)
    }
  }

  /** Markers by where their place is (spread offsets are reached by widening the query). */
  private reindex(): void {
    this.index.clear()
    for (const marker of this.order) {
      const [x, y] = marker.world
      const key = cellKey(Math.floor(x / CELL), Math.floor(y / CELL))
      const cell = this.index.get(key)
      if (cell) cell.push(marker)
      else this.index.set(key, [marker])
    }
  }

  has(id: number): boolean {
    return this.markers.has(id)
  }

  element(id: number): SVGCircleElement | null {
    return this.markers.get(id)?.element ?? null
  }

  /** Where the marker is drawn, in world units (its place, moved if its cluster is spread). */
  drawnAt(id: number): WorldPoint | null {
    const marker = this.markers.get(id)
    if (!marker) return null
    const offset = this.offsets.get(id)
    return offset
      ? [
          marker.world[0] + offset[0] / this.offsetScale,
          marker.world[1] + offset[1] / this.offsetScale
        ]
      : marker.world
  }

  /** Every marker where it is drawn on screen. */
  screenPoints(view: View): ScreenPoint[] {
    return this.order.map((marker) => {
      const [x, y] = this.drawnAt(marker.entry.id)!
      return { id: marker.entry.id, x: x * view.k + view.x, y: y * view.k + view.y }
    })
  }

  /** Every marker at its place on screen, for spreading (which is about where they belong). */
  placePoints(k: number): ScreenPoint[] {
    return this.order.map((marker) => ({
      id: marker.entry.id,
      x: marker.world[0] * k,
      y: marker.world[1] * k
    }))
  }

  /**
   * Spread offsets, in screen px computed at `scale` screen px per world unit. They take effect
   * on the markers in view at the next fitView, and on others as they come into view.
   */
  setOffsets(offsets: Offsets, scale: number): void {
    this.offsets = offsets
    this.offsetScale = scale
    this.maxOffset = 0
    for (const [dx, dy] of offsets.values()) {
      this.maxOffset = Math.max(this.maxOffset, Math.abs(dx), Math.abs(dy))
    }
  }

  /** The path of thin lines from each spread marker back to its place. */
  leaders(): string {
    let d = ''
    for (const [id, offset] of this.offsets) {
      const marker = this.markers.get(id)
      if (!marker) continue
      const [x, y] = marker.world
      const round = (value: number) => Math.round(value * 1000) / 1000
      d += `M${round(x)},${round(y)}l${round(offset[0] / this.offsetScale)},${round(offset[1] / this.offsetScale)}`
    }
    return d
  }

  /** The one marker Tab reaches (a roving tabindex, as in the grid). */
  setTabbable(id: number | null): void {
    if (id === this.tabbableId) return
    if (this.tabbableId !== null) this.element(this.tabbableId)?.setAttribute('tabindex', '-1')
    this.tabbableId = id !== null && this.markers.has(id) ? id : null
    if (this.tabbableId !== null) this.element(this.tabbableId)?.setAttribute('tabindex', '0')
  }

  get firstId(): number | null {
    return this.order[0]?.entry.id ?? null
  }
}
