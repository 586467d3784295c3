/**
 * The map's markers as plain SVG circles, kept in step with the places shown by hand rather than
 * by React: 2,609 component trees would cost more to reconcile than the map costs to draw, and
 * a crawl changes a few attributes, not the set. Events are handled once, on the map, by data-id.
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
  private tabbableId: number | null = null

  constructor(private readonly group: SVGGElement) {}

  /** Makes the layer hold exactly these places, in this order, saved and favorite as given. */
  sync(
    entries: readonly CatalogEntry[],
    positions: ReadonlyMap<number, WorldPoint>,
    library: ReadonlyMap<number, unknown>,
    favorites: ReadonlySet<number>
  ): void {
    const next: Marker[] = []
    const keep = new Set<number>()
    let previous: Element | null = null
    for (const entry of entries) {
      const world = positions.get(entry.id)
      if (!world) continue
      keep.add(entry.id)
      const marker = this.markers.get(entry.id) ?? this.create(entry, world)
      if (marker.entry !== entry) this.describe(marker, entry)
      marker.world = world
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
    }
    this.order = next
    if (this.tabbableId !== null && !this.markers.has(this.tabbableId)) this.tabbableId = null
  }

  private create(entry: CatalogEntry, world: WorldPoint): Marker {
    const element = document.createElementNS(SVG_NS, 'circle')
    element.setAttribute('class', 'map-marker')
    element.setAttribute('role', 'button')
    element.setAttribute('tabindex', '-1')
    element.setAttribute('data-id', String(entry.id))
    element.setAttribute('cx', String(world[0]))
    element.setAttribute('cy', String(world[1]))
    const marker: Marker = { element, entry, world, saved: false, favorite: false }
    this.describe(marker, entry)
    element.setAttribute('aria-describedby', PENDING_DESCRIPTION_ID)
    this.markers.set(entry.id, marker)
    return marker
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
  }

  get size(): number {
    return this.order.length
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

  /** Moves markers by screen px offsets that were computed at `scale` screen px per world unit. */
  setOffsets(offsets: Offsets, scale: number): void {
    const before = this.offsets
    this.offsets = offsets
    this.offsetScale = scale
    for (const id of new Set([...before.keys(), ...offsets.keys()])) {
      const marker = this.markers.get(id)
      if (!marker) continue
      const [x, y] = this.drawnAt(id)!
      marker.element.setAttribute('cx', String(x))
      marker.element.setAttribute('cy', String(y))
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
