/**
 * Pan and zoom for the world map, outside React. d3-zoom turns wheel, pinch, drag, double-click
 * and the buttons into one transform; the transform is applied to a single group, so panning and
 * zooming re-project every marker and the land in one attribute change, never marker by marker.
 * Markers keep one size on screen: on a zoom, the radius and outline of those in view are set for
 * the new scale, a share per frame (markerLayer.ts).
 */
import 'd3-transition'
import { select, type Selection } from 'd3-selection'
import { zoom, zoomIdentity, zoomTransform, type ZoomBehavior, type ZoomTransform } from 'd3-zoom'
import { MarkerLayer, MARKER_RADIUS, MAX_MARKER_RADIUS, type View } from './markerLayer'
import { spreadOffsets } from './spread'
import { WORLD_HEIGHT, WORLD_WIDTH, type WorldPoint } from './world'

/** Centre to centre, so spread markers do not touch (outline and a hair of gap included). */
const SPACING = MARKER_RADIUS * 2 + 2.5
const MAX_ZOOM = 64
/** From this zoom on, overlapping markers are spread out; below it the map is an overview. */
const SPREAD_FROM_ZOOM = 3
/** "Show on map" zooms in at least this far. */
const FOCUS_ZOOM = 8
/** Around the world at the fitted zoom. */
const PADDING = 16
/** A place this close to the edge is brought into view when it takes the focus. */
const EDGE = 24

const DURATION_MS = 600
/**
 * At most this many markers are resized or moved in a frame (each costs the page's style engine
 * ~10-20 µs); the rest follow in the next frames.
 */
const UPDATES_PER_FRAME = 400
/** The ring around a place shown with "Show on map", px on screen. */
const HIGHLIGHT_RADIUS = 15

export interface MapParts {
  svg: SVGSVGElement
  world: SVGGElement
  markers: SVGGElement
  leaders: SVGPathElement
  highlight: SVGCircleElement
}

export interface MapCallbacks {
  /** A pan or zoom starts: anything placed over a marker must go. */
  onMoveStart(): void
  /** It ended: markers may have been spread or gathered. */
  onMoveEnd(): void
}

type Extent = [[number, number], [number, number]]

export interface ViewPlace {
  centre: WorldPoint
  zoom: number
}

const isMarker = (target: EventTarget | null) =>
  target instanceof Element && target.hasAttribute('data-id')

function reducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches
}

export class MapEngine {
  readonly markers: MarkerLayer
  private readonly zoom: ZoomBehavior<SVGSVGElement, unknown>
  private readonly selection: Selection<SVGSVGElement, unknown, null, undefined>
  private extent: Extent = [
    [0, 0],
    [WORLD_WIDTH, WORLD_HEIGHT]
  ]
  private fit = { k: 1, x: 0, y: 0 }
  private readonly resizes: ResizeObserver | null
  /** Screen px per world unit when the markers were last spread (0: not spread). */
  private spreadScale = 0
  private highlighted: { id: number; place: WorldPoint } | null = null
  private gestures = 0
  private pendingFrame = 0

  constructor(
    private readonly parts: MapParts,
    private readonly callbacks: MapCallbacks
  ) {
    this.markers = new MarkerLayer(parts.markers)
    this.zoom = zoom<SVGSVGElement, unknown>()
      .scaleExtent([1, MAX_ZOOM])
      // Until measured (a DOM without layout never is), the world's own size.
      .extent(this.extent)
      .translateExtent(this.extent)
      // A click that moved a few px (a hand on a touchpad) is still a click.
      .clickDistance(4)
      .filter((event: MouseEvent) => {
        // Double-clicking a marker opens it; double-clicking the map zooms in.
        if (event.type === 'dblclick' && isMarker(event.target)) return false
        return (!event.ctrlKey || event.type === 'wheel') && !event.button
      })
      .on('start', () => {
        this.gestures++
        this.callbacks.onMoveStart()
      })
      .on('zoom', (event: { transform: ZoomTransform }) => this.apply(event.transform))
      .on('end', () => {
        this.gestures = Math.max(0, this.gestures - 1)
        this.respread()
        this.callbacks.onMoveEnd()
      })
    this.selection = select(parts.svg)
    this.selection.call(this.zoom)
    // Measured now, before the first paint and before anything is centred, then followed.
    this.resize(parts.svg.clientWidth, parts.svg.clientHeight)
    this.resizes =
      typeof ResizeObserver === 'function'
        ? new ResizeObserver(() => this.resize(parts.svg.clientWidth, parts.svg.clientHeight))
        : null
    this.resizes?.observe(parts.svg)
  }

  destroy(): void {
    cancelAnimationFrame(this.pendingFrame)
    this.resizes?.disconnect()
    this.selection.interrupt()
    this.selection.on('.zoom', null)
  }

  get size(): { width: number; height: number } {
    const [, [width, height]] = this.extent
    return { width, height }
  }

  /** True while a pan, zoom or animation is under way. */
  get moving(): boolean {
    return this.gestures > 0
  }

  /**
   * Fits the world to the element's new size. The zoom stays, and so does the place at the centre
   * of the view: a window made wider shows more around what was shown, not something else.
   */
  resize(width: number, height: number): void {
    const [, [oldWidth, oldHeight]] = this.extent
    if (width <= 0 || height <= 0 || (width === oldWidth && height === oldHeight)) return
    const before = this.place
    const k = Math.min((width - 2 * PADDING) / WORLD_WIDTH, (height - 2 * PADDING) / WORLD_HEIGHT)
    this.fit = { k: Math.max(k, 1e-3), x: 0, y: 0 }
    this.fit.x = (width - WORLD_WIDTH * this.fit.k) / 2
    this.fit.y = (height - WORLD_HEIGHT * this.fit.k) / 2
    this.extent = [
      [0, 0],
      [width, height]
    ]
    this.zoom.extent(this.extent).translateExtent(this.extent)
    this.restore(before)
  }

  /** What is in view: the world point at the centre, and the zoom. */
  get place(): ViewPlace {
    const [, [width, height]] = this.extent
    const t = zoomTransform(this.parts.svg)
    const [cx, cy] = t.invert([width / 2, height / 2])
    return {
      centre: [(cx - this.fit.x) / this.fit.k, (cy - this.fit.y) / this.fit.k],
      zoom: t.k
    }
  }

  /** Shows that place again at once (the map coming back after the grid). */
  restore(place: ViewPlace): void {
    this.zoom.transform(this.selection, this.transformCentring(place.centre, place.zoom))
  }

  /** The zoom transform that puts a world point at the centre at zoom k, within the world. */
  private transformCentring(place: WorldPoint, k: number): ZoomTransform {
    const [, [width, height]] = this.extent
    const target = zoomIdentity
      .translate(width / 2, height / 2)
      .scale(k)
      .translate(-(this.fit.k * place[0] + this.fit.x), -(this.fit.k * place[1] + this.fit.y))
    return this.zoom.constrain()(target, this.extent, this.extent)
  }

  /** Where world (0, 0) is on screen and how many screen px a world unit is. */
  get view(): View {
    const t = zoomTransform(this.parts.svg)
    return { k: t.k * this.fit.k, x: t.k * this.fit.x + t.x, y: t.k * this.fit.y + t.y }
  }

  /** How far in from the fitted world, 1 to MAX_ZOOM. */
  get zoomLevel(): number {
    return zoomTransform(this.parts.svg).k
  }

  private apply(transform: ZoomTransform): void {
    const k = transform.k * this.fit.k
    const x = transform.k * this.fit.x + transform.x
    const y = transform.k * this.fit.y + transform.y
    this.parts.world.setAttribute('transform', `translate(${x} ${y}) scale(${k})`)
    this.sizeMarkers()
  }

  /** Sizes the markers in view, and the rings, for the current scale. */
  private sizeMarkers(): void {
    const { k, x, y } = this.view
    const [, [width, height]] = this.extent
    // The largest radius a marker can have in world units: sized at the lowest zoom.
    const margin = MAX_MARKER_RADIUS / this.fit.k
    const box = {
      x0: -x / k - margin,
      y0: -y / k - margin,
      x1: (width - x) / k + margin,
      y1: (height - y) / k + margin
    }
    const done = this.markers.fitView(k, box, UPDATES_PER_FRAME)
    this.parts.highlight.setAttribute('r', String(HIGHLIGHT_RADIUS / k))
    if (!done) this.sizeNextFrame()
  }

  /** The markers a frame's budget left out are sized in the next frame (once, however asked). */
  private sizeNextFrame(): void {
    if (this.pendingFrame !== 0) return
    this.pendingFrame = requestAnimationFrame(() => {
      this.pendingFrame = 0
      this.sizeMarkers()
    })
  }

  /** After the places shown changed: spread them again, keep the ring on its place. */
  refresh(): void {
    this.respread(true)
  }

  /** Spreads overlapping markers at high zoom and gathers them again below it. */
  private respread(force = false): void {
    const { k } = this.view
    if (this.zoomLevel < SPREAD_FROM_ZOOM) {
      if (this.spreadScale === 0 && !force) return
      this.spreadScale = 0
      this.markers.setOffsets(new Map(), 1)
    } else {
      if (!force && Math.abs(k / this.spreadScale - 1) < 0.01) return
      this.spreadScale = k
      this.markers.setOffsets(spreadOffsets(this.markers.placePoints(k), SPACING), k)
    }
    this.sizeMarkers()
    this.parts.leaders.setAttribute('d', this.markers.leaders())
    this.placeHighlight()
  }

  /** The marker's centre on screen, relative to the map element. */
  screenPosition(id: number): { x: number; y: number } | null {
    const at = this.markers.drawnAt(id)
    if (!at) return null
    const { k, x, y } = this.view
    return { x: at[0] * k + x, y: at[1] * k + y }
  }

  isOnScreen(id: number): boolean {
    const at = this.screenPosition(id)
    const [, [width, height]] = this.extent
    return (
      at !== null && at.x >= EDGE && at.y >= EDGE && at.x <= width - EDGE && at.y <= height - EDGE
    )
  }

  private animate(): number {
    return reducedMotion() ? 0 : DURATION_MS
  }

  private run(
    apply: (target: Selection<SVGSVGElement, unknown, null, undefined>) => void
  ): Promise<void> {
    const transition = this.selection.transition().duration(this.animate())
    apply(transition as unknown as Selection<SVGSVGElement, unknown, null, undefined>)
    // An animation cut short by the next one (or by a drag) is not an error.
    return transition.end().catch(() => undefined)
  }

  zoomBy(factor: number, around?: { x: number; y: number }): Promise<void> {
    return this.run((target) =>
      this.zoom.scaleBy(target, factor, around ? [around.x, around.y] : undefined)
    )
  }

  fitWorld(): Promise<void> {
    return this.run((target) => this.zoom.transform(target, zoomIdentity))
  }

  /** Centres a place (zooming in at least to FOCUS_ZOOM), as far as the world's edge allows. */
  centreOn(place: WorldPoint): Promise<void> {
    const target = this.transformCentring(place, Math.max(this.zoomLevel, FOCUS_ZOOM))
    return this.run((selection) => this.zoom.transform(selection, target))
  }

  /** Pans (without zooming) so a marker near or past the edge comes into view. */
  reveal(id: number): Promise<void> {
    const at = this.markers.drawnAt(id)
    if (!at || this.isOnScreen(id)) return Promise.resolve()
    const px = this.fit.k * at[0] + this.fit.x
    const py = this.fit.k * at[1] + this.fit.y
    return this.run((target) => this.zoom.translateTo(target, px, py))
  }

  /** Rings a place ("Show on map"), whether or not its marker is shown. */
  highlight(id: number | null, place: WorldPoint | null = null): void {
    if (this.highlighted)
      this.markers.element(this.highlighted.id)?.removeAttribute('data-highlighted')
    this.highlighted = id !== null && place ? { id, place } : null
    this.placeHighlight()
  }

  private placeHighlight(): void {
    const ring = this.parts.highlight
    if (!this.highlighted) {
      ring.setAttribute('visibility', 'hidden')
      return
    }
    const { id, place } = this.highlighted
    const at = this.markers.drawnAt(id) ?? place
    this.markers.element(id)?.setAttribute('data-highlighted', '')
    ring.setAttribute('cx', String(at[0]))
    ring.setAttribute('cy', String(at[1]))
    ring.setAttribute('visibility', 'visible')
  }
}
