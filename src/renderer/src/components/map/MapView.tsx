/**
 * The world map: every place the find bar shows, as a marker in its own colour, on Natural Earth's
 * land. React renders the frame (land, controls, tooltip); the markers and pan/zoom are the
 * engine's (mapEngine.ts), so a crawl or a zoom never re-renders 2,609 elements.
 */
import {
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type FocusEvent,
  type KeyboardEvent,
  type MouseEvent,
  type PointerEvent
} from 'react'
import { placeName, type CatalogEntry } from '@shared/catalog'
import { useController, useStore } from '../../state/context'
import { selectShown } from '../../state/store'
import { Icon } from '../Icon'
import { MapEngine, type ViewPlace } from './mapEngine'
import { FAVORITE_DESCRIPTION_ID, PENDING_DESCRIPTION_ID } from './markerLayer'
import { ARROW_DIRECTIONS, nearestInDirection } from './navigate'
import { MapTooltip, type TooltipTarget } from './MapTooltip'
import { projectPlace, worldShapes, type WorldPoint } from './world'

const ZOOM_STEP = 2

/** Work the first map would otherwise do while the person waits (projecting the land). */
export function prepareMap(): void {
  worldShapes()
}

/** Where the map was when the grid replaced it, to come back to (for this session). */
let lastPlace: ViewPlace | null = null

function projectAll(catalog: readonly CatalogEntry[]): ReadonlyMap<number, WorldPoint> {
  const positions = new Map<number, WorldPoint>()
  for (const entry of catalog) {
    const point = projectPlace(entry)
    if (point) positions.set(entry.id, point)
  }
  return positions
}

const markerId = (target: EventTarget | null): number | null => {
  if (!(target instanceof Element)) return null
  const id = target.closest('[data-id]')?.getAttribute('data-id')
  return id ? Number(id) : null
}

export default function MapView() {
  const controller = useController()
  const shown = useStore(selectShown)
  const catalog = useStore((s) => s.catalog)
  const library = useStore((s) => s.library)
  const favorites = useStore((s) => s.favorites)
  const activeId = useStore((s) => s.activeId)
  const focusRequest = useStore((s) => s.focusRequest)
  const mapFocus = useStore((s) => s.mapFocus)
  const positions = useMemo(() => projectAll(catalog), [catalog])
  const shapes = worldShapes()
  const helpId = useId()

  const svgRef = useRef<SVGSVGElement>(null)
  const worldRef = useRef<SVGGElement>(null)
  const markersRef = useRef<SVGGElement>(null)
  const leadersRef = useRef<SVGPathElement>(null)
  const highlightRef = useRef<SVGCircleElement>(null)
  const engineRef = useRef<MapEngine | null>(null)

  const [tooltip, setTooltip] = useState<{
    target: TooltipTarget
    bounds: { width: number; height: number }
  } | null>(null)
  const [hiddenTarget, setHiddenTarget] = useState<CatalogEntry | null>(null)
  const hoverId = useRef<number | null>(null)
  const focusedId = useRef<number | null>(null)

  const tipFor = useCallback((id: number | null) => {
    const engine = engineRef.current
    const at = id !== null && engine && !engine.moving ? engine.screenPosition(id) : null
    setTooltip(engine && at && id !== null ? { target: { id, ...at }, bounds: engine.size } : null)
  }, [])

  // The engine lives as long as the map; StrictMode's second mount gets a fresh one.
  useLayoutEffect(() => {
    const engine = new MapEngine(
      {
        svg: svgRef.current!,
        world: worldRef.current!,
        markers: markersRef.current!,
        leaders: leadersRef.current!,
        highlight: highlightRef.current!
      },
      {
        onMoveStart: () => setTooltip(null),
        onMoveEnd: () => tipFor(focusedId.current ?? hoverId.current)
      }
    )
    if (lastPlace) engine.restore(lastPlace)
    engineRef.current = engine
    return () => {
      lastPlace = engine.place
      engine.destroy()
      engineRef.current = null
    }
  }, [tipFor])

  useLayoutEffect(() => {
    const engine = engineRef.current
    if (!engine) return
    // Saved or favorite flips an attribute; only a change of places spreads them again.
    if (engine.markers.sync(shown, positions, library, favorites)) engine.refresh()
  }, [shown, positions, library, favorites])

  // Tab reaches one marker: the active place if it is shown, else the first.
  useLayoutEffect(() => {
    const markers = engineRef.current?.markers
    if (!markers) return
    markers.setTabbable(activeId !== null && markers.has(activeId) ? activeId : markers.firstId)
  }, [activeId, shown])

  const focusMarker = useCallback((id: number, reveal: boolean) => {
    const engine = engineRef.current
    const element = engine?.markers.element(id)
    if (!engine || !element) return
    engine.markers.setTabbable(id)
    element.focus({ preventScroll: true })
    if (reveal) void engine.reveal(id)
  }, [])

  // Focus comes back to the map's active marker when the detail view or the context menu closes.
  const lastFocusRequest = useRef(focusRequest)
  useEffect(() => {
    if (focusRequest === lastFocusRequest.current) return
    lastFocusRequest.current = focusRequest
    if (activeId !== null) focusMarker(activeId, true)
  }, [focusRequest, activeId, focusMarker])

  // "Show on map": centre on the place, ring it, focus its marker once there.
  useEffect(() => {
    const engine = engineRef.current
    if (!mapFocus || !engine) return
    const { id } = mapFocus
    controller.mapFocusDone()
    const place = positions.get(id)
    if (!place) return
    engine.highlight(id, place)
    setHiddenTarget(engine.markers.has(id) ? null : (controller.entry(id) ?? null))
    void engine.centreOn(engine.markers.drawnAt(id) ?? place).then(() => {
      if (engineRef.current === engine && engine.markers.has(id)) focusMarker(id, false)
    })
  }, [mapFocus, positions, controller, focusMarker])

  // The ringed place that was filtered out appears once the filter lets it through.
  useEffect(() => {
    if (hiddenTarget && engineRef.current?.markers.has(hiddenTarget.id)) setHiddenTarget(null)
  }, [hiddenTarget, shown])

  const onClick = (event: MouseEvent<SVGSVGElement>) => {
    const id = markerId(event.target)
    if (id !== null) controller.openDetail(id)
  }

  const onContextMenu = (event: MouseEvent<SVGSVGElement>) => {
    const id = markerId(event.target)
    if (id === null) return
    event.preventDefault()
    const fromKeyboard = event.clientX === 0 && event.clientY === 0
    openMenu(id, fromKeyboard ? undefined : { x: event.clientX, y: event.clientY })
  }

  const openMenu = (id: number, at?: { x: number; y: number }) => {
    const rect = engineRef.current?.markers.element(id)?.getBoundingClientRect()
    controller.openMenu(
      id,
      at?.x ?? (rect ? rect.right + 4 : 0),
      at?.y ?? (rect ? rect.bottom + 4 : 0)
    )
  }

  const onPointerOver = (event: PointerEvent<SVGSVGElement>) => {
    const id = markerId(event.target)
    if (id === null || event.pointerType === 'touch') return
    hoverId.current = id
    engineRef.current?.markers.raise('hover', id)
    tipFor(id)
  }

  const onPointerOut = (event: PointerEvent<SVGSVGElement>) => {
    if (markerId(event.target) === null) return
    hoverId.current = null
    engineRef.current?.markers.raise('hover', null)
    tipFor(focusedId.current)
  }

  const onFocus = (event: FocusEvent<SVGSVGElement>) => {
    const id = markerId(event.target)
    if (id === null) return
    focusedId.current = id
    engineRef.current?.markers.raise('focus', id)
    controller.setActive(id)
    tipFor(id)
  }

  const onBlur = (event: FocusEvent<SVGSVGElement>) => {
    if (markerId(event.target) === null) return
    focusedId.current = null
    engineRef.current?.markers.raise('focus', null)
    tipFor(hoverId.current)
  }

  const onKeyDown = (event: KeyboardEvent<SVGSVGElement>) => {
    const engine = engineRef.current
    const id = markerId(event.target)
    if (!engine || id === null) return
    const direction = ARROW_DIRECTIONS[event.key]
    if (direction) {
      event.preventDefault()
      const points = engine.markers.screenPoints(engine.view)
      const from = points.find((point) => point.id === id)
      const next = from && nearestInDirection(from, points, direction)
      if (next) focusMarker(next.id, true)
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault()
      controller.openDetail(id)
    } else if (event.key === '+' || event.key === '=' || event.key === '-') {
      event.preventDefault()
      const around = engine.screenPosition(id) ?? undefined
      void engine.zoomBy(event.key === '-' ? 1 / ZOOM_STEP : ZOOM_STEP, around)
    } else if (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) {
      event.preventDefault()
      openMenu(id)
    }
  }

  const tipEntry = tooltip ? (controller.entry(tooltip.target.id) ?? null) : null

  return (
    <div className="map-view">
      <svg
        ref={svgRef}
        className="map-svg"
        role="group"
        aria-label="World map"
        aria-roledescription="map"
        aria-describedby={helpId}
        onClick={onClick}
        onContextMenu={onContextMenu}
        onPointerOver={onPointerOver}
        onPointerOut={onPointerOut}
        onFocus={onFocus}
        onBlur={onBlur}
        onKeyDown={onKeyDown}
      >
        <g ref={worldRef} className="map-world">
          <path className="map-sphere" d={shapes.sphere} />
          <path className="map-graticule" d={shapes.graticule} />
          <path className="map-land" d={shapes.land} />
          <path className="map-borders" d={shapes.borders} />
          <path ref={leadersRef} className="map-leaders" />
          <g ref={markersRef} className="map-markers" />
          <circle ref={highlightRef} className="map-highlight" visibility="hidden" />
        </g>
      </svg>

      <div className="map-controls" role="group" aria-label="Zoom">
        <button
          className="map-button"
          aria-label="Zoom in"
          title="Zoom in (+)"
          onClick={() => void engineRef.current?.zoomBy(ZOOM_STEP)}
        >
          <Icon name="plus" size={18} />
        </button>
        <button
          className="map-button"
          aria-label="Zoom out"
          title="Zoom out (−)"
          onClick={() => void engineRef.current?.zoomBy(1 / ZOOM_STEP)}
        >
          <Icon name="minus" size={18} />
        </button>
        <button
          className="map-button map-fit"
          title="Show the whole world"
          onClick={() => {
            engineRef.current?.highlight(null)
            setHiddenTarget(null)
            void engineRef.current?.fitWorld()
          }}
        >
          <Icon name="fit" size={16} />
          Fit world
        </button>
      </div>

      {hiddenTarget && (
        <div className="map-notice" role="status">
          <span>{placeName(hiddenTarget)} is not among the places shown.</span>
          <button
            className="button small"
            onClick={() =>
              controller.setFind({ query: '', favoritesOnly: false, savedOnly: false })
            }
          >
            Show all places
          </button>
        </div>
      )}

      <div className="map-legend" aria-hidden="true">
        <span className="legend-item">
          <span className="legend-dot" data-saved="" />
          Saved
        </span>
        <span className="legend-item">
          <span className="legend-dot" />
          Not downloaded yet
        </span>
        <span className="legend-credit">Land: Natural Earth</span>
      </div>

      {tooltip && tipEntry && (
        <MapTooltip target={tooltip.target} entry={tipEntry} bounds={tooltip.bounds} />
      )}

      <div hidden>
        <p id={helpId}>
          Arrow keys move between places, Enter opens one, plus and minus zoom. Drag or use the
          wheel to pan and zoom.
        </p>
        <span id={PENDING_DESCRIPTION_ID}>Not downloaded yet</span>
        <span id={FAVORITE_DESCRIPTION_ID}>Favorite</span>
      </div>
    </div>
  )
}
