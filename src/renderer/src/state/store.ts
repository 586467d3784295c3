/**
 * The page's state in one small external store. Components subscribe to slices with `useStore`
 * (useSyncExternalStore + a selector), so a progress event re-renders the toolbar and not the grid.
 */
import type { ExportProgress } from '@shared/api'
import type { CatalogEntry } from '@shared/catalog'
import { idleProgress, type CrawlFailure, type CrawlProgress } from '@shared/crawl'
import type { GalleryErrorInfo } from '@shared/errors'
import type { RotationState } from '@shared/rotation'
import type { Settings } from '@shared/settings'
import { DEFAULT_FIND, findEntries, type FindOptions } from './find'

export type ToastKind = 'info' | 'success' | 'warning' | 'error'

export interface Toast {
  id: number
  kind: ToastKind
  title: string
  detail?: string
  action?: { label: string; run: () => void }
}

export interface ContextMenuState {
  id: number
  x: number
  y: number
}

export interface AppState {
  status: 'loading' | 'ready' | 'failed'
  loadError: string | null
  connectionLost: boolean
  /** Sorted by id. */
  catalog: CatalogEntry[]
  /** The saved images' places, by id (the page needs no more of what saving them recorded). */
  library: ReadonlyMap<number, CatalogEntry>
  /** Bumped when `thumbnailsReady` names an id, to cache-bust its thumbnail URL. */
  thumbVersions: ReadonlyMap<number, number>
  crawl: CrawlProgress
  failures: CrawlFailure[]
  settings: Settings | null
  favorites: ReadonlySet<number>
  dataFolder: string
  /** Why the library folder cannot be used; the page then offers to choose another. */
  libraryProblem: GalleryErrorInfo | null
  exportProgress: ExportProgress | null
  toasts: Toast[]
  find: FindOptions
  /** The grid item that holds the roving tabindex. */
  activeId: number | null
  selection: ReadonlySet<number>
  /** Where a Shift+click / Shift+arrow range starts. */
  anchorId: number | null
  detailId: number | null
  menu: ContextMenuState | null
  /** Bumped to ask the grid to scroll to and focus the active item (e.g. when a dialog closes). */
  focusRequest: number
  /** The wallpaper rotation, as the app last reported it. */
  rotation: RotationState | null
  /** A "Next wallpaper" press is under way. */
  nextWallpaperPending: boolean
  /** "Show on map": the place the map should centre on and ring, until the map has done so. */
  mapFocus: { id: number } | null
}

export function initialState(): AppState {
  return {
    status: 'loading',
    loadError: null,
    connectionLost: false,
    catalog: [],
    library: new Map(),
    thumbVersions: new Map(),
    crawl: idleProgress(0),
    failures: [],
    settings: null,
    favorites: new Set(),
    dataFolder: '',
    libraryProblem: null,
    exportProgress: null,
    toasts: [],
    find: DEFAULT_FIND,
    activeId: null,
    selection: new Set(),
    anchorId: null,
    detailId: null,
    menu: null,
    focusRequest: 0,
    rotation: null,
    nextWallpaperPending: false,
    mapFocus: null
  }
}

export interface Store {
  get(): AppState
  set(update: Partial<AppState> | ((state: AppState) => Partial<AppState>)): void
  subscribe(listener: () => void): () => void
}

export function createStore(state: AppState = initialState()): Store {
  let current = state
  const listeners = new Set<() => void>()
  return {
    get: () => current,
    set(update) {
      const patch = typeof update === 'function' ? update(current) : update
      current = { ...current, ...patch }
      for (const listener of listeners) listener()
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    }
  }
}

/** Memoised on its inputs' identities, so it can be a `useStore` selector. */
export const selectShown = (() => {
  let last: {
    catalog: AppState['catalog']
    library: AppState['library']
    favorites: AppState['favorites']
    find: FindOptions
    result: CatalogEntry[]
  } | null = null
  return (state: AppState): CatalogEntry[] => {
    const { catalog, library, favorites, find } = state
    // The library only matters to the result when filtering on it.
    const sameLibrary = last !== null && (!find.savedOnly || last.library === library)
    if (
      last &&
      last.catalog === catalog &&
      sameLibrary &&
      last.favorites === favorites &&
      last.find === find
    ) {
      return last.result
    }
    last = {
      catalog,
      library,
      favorites,
      find,
      result: findEntries(catalog, library, favorites, find)
    }
    return last.result
  }
})()

/** Catalog entries by id, rebuilt only when the catalog changes. */
export const selectCatalogById = (() => {
  let lastCatalog: CatalogEntry[] | null = null
  let map = new Map<number, CatalogEntry>()
  return (state: AppState): ReadonlyMap<number, CatalogEntry> => {
    if (state.catalog !== lastCatalog) {
      lastCatalog = state.catalog
      map = new Map(state.catalog.map((entry) => [entry.id, entry]))
    }
    return map
  }
})()
