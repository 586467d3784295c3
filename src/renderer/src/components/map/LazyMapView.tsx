/**
 * The map's code (d3, topojson and the land, ~200 KB) is a chunk of its own: the grid's first
 * paint does not wait for it. It is fetched when the page is idle or the pointer nears "Map", so
 * switching to the map rarely waits either.
 */
import { useEffect, useState, type ComponentType } from 'react'

let loaded: ComponentType | null = null
let loading: Promise<ComponentType> | null = null

export function preloadMap(): Promise<ComponentType> {
  loading ??= import('./MapView').then(
    (module) => {
      // The land is projected once per page: better now, while nothing waits for it.
      module.prepareMap()
      return (loaded = module.default)
    },
    (error: unknown) => {
      // Try again next time instead of remembering the failure.
      loading = null
      throw error
    }
  )
  return loading
}

/** After a page load, the grid's first thumbnails have the cores to themselves this long. */
const PRELOAD_AFTER_MS = 3_000

/** An idle period this long means no frames are being drawn (the page is not scrolling). */
const QUIET_IDLE_MS = 40

/**
 * Starts loading the map a few seconds after the page opens, once the page is quiet: no frames
 * being drawn, so neither the grid's first thumbnails nor a scroll through the grid ever wait for
 * the land being projected (a task of 50-100 ms). Returns the cancel.
 */
export function preloadMapWhenIdle(): () => void {
  if (loaded || typeof requestIdleCallback !== 'function') return () => undefined
  let idle: number | undefined
  const whenQuiet = (deadline: IdleDeadline) => {
    if (deadline.timeRemaining() < QUIET_IDLE_MS) {
      idle = requestIdleCallback(whenQuiet)
      return
    }
    void preloadMap().catch(() => undefined)
  }
  const timer = setTimeout(() => (idle = requestIdleCallback(whenQuiet)), PRELOAD_AFTER_MS)
  return () => {
    clearTimeout(timer)
    if (idle !== undefined) cancelIdleCallback(idle)
  }
}

export function LazyMapView() {
  const [View, setView] = useState<ComponentType | null>(() => loaded)
  const [failure, setFailure] = useState<string | null>(null)
  const [attempt, setAttempt] = useState(0)
  useEffect(() => {
    if (View) return
    let live = true
    preloadMap().then(
      (component) => live && setView(() => component),
      (error: unknown) => live && setFailure(error instanceof Error ? error.message : String(error))
    )
    return () => {
      live = false
    }
  }, [View, attempt])
  if (View) return <View />
  if (failure !== null) {
    return (
      <div className="map-view map-failed" role="alert">
        <p>The map could not be loaded ({failure}).</p>
        <p className="muted">Try again; if it keeps failing, reinstall the app.</p>
        <button
          className="button"
          onClick={() => {
            setFailure(null)
            setAttempt((value) => value + 1)
          }}
        >
          Try again
        </button>
      </div>
    )
  }
  return <div className="map-view" aria-busy="true" />
}
