/**
 * The one contract between the page and the rest of the app. Every method takes plain data and
 * returns a Promise; every event carries plain data. The Electron preload, the IPC registration,
 * the browser bridge's server and its client are all derived from `API_METHODS` and `API_EVENTS`
 * below, so a method is declared once, here (its arguments' schema, which only the main process
 * needs, is in src/main/core/api/api-args.ts). No zod here: the preload and the page import this.
 */
import type { LibraryRecord } from './catalog'
import type { CrawlFailure, CrawlProgress, CrawlSummary } from './crawl'
import type { GalleryErrorInfo } from './errors'
import type { RotationOutcome, RotationState } from './rotation'
import type { Settings, SettingsPatch } from './settings'
import type { CatalogColumns, LibraryColumns } from './state-columns'

export interface GalleryState {
  /**
   * Every image the app knows of: the bundled catalog plus anything crawled beyond it. In columns
   * (./state-columns.ts), as the library: the page's first state is a third of its size as records.
   */
  catalog: CatalogColumns
  /** What is saved in the library: ids and what saving added, not the catalog again. */
  library: LibraryColumns
  crawl: CrawlProgress
  /** Failures of the last crawl, for "Retry failed". */
  failures: CrawlFailure[]
  settings: Settings
  /** Where the app keeps its data (for the About box and the README's troubleshooting). */
  dataFolder: string
  /**
   * Why the library folder cannot be used (gone, a file, not writable): the app runs with an
   * empty library and the page offers `chooseLibraryFolder`. Null when it is fine.
   */
  libraryProblem?: GalleryErrorInfo | null
  /** The wallpaper rotation: the choices, the current image, when the next change is due. */
  rotation: RotationState
}

export interface StartCrawlRequest {
  /** An id spec ("known", "1000-2999,5003"); the settings' plan when absent. */
  ids?: string
  /** Crawl only the ids that failed last time. */
  retryFailed?: boolean
}

export type WallpaperStatus = 'applied' | 'not-applied' | 'unsupported'

export interface WallpaperResult {
  status: WallpaperStatus
  /** One sentence for the person: what happened, and what to do when it did not work. */
  message: string
  /** The desktop we detected, e.g. "GNOME", "KDE Plasma", "feh (X11)". */
  desktop: string
  /** The stable copy the wallpaper points at. */
  file?: string
}

/** An image a download could not copy, and why (said to the person; nothing branches on it). */
export interface ExportFailure {
  id: number
  reason: string
}

export interface ExportResult {
  folder: string
  /** Files written by this export. */
  written: string[]
  /** Items whose identical file was already there. */
  skipped: number
  /** Items that had to be fetched first. */
  fetched: number
  failed: ExportFailure[]
}

export interface ExportProgress {
  total: number
  done: number
  state: 'running' | 'finished' | 'failed'
  folder: string
}

export interface GalleryApi {
  getState(): Promise<GalleryState>
  startCrawl(request: StartCrawlRequest): Promise<CrawlProgress>
  pauseCrawl(): Promise<CrawlProgress>
  resumeCrawl(): Promise<CrawlProgress>
  cancelCrawl(): Promise<CrawlProgress>
  /** Validated against the settings schema; a running crawl picks up a new concurrency at once. */
  updateSettings(patch: SettingsPatch): Promise<Settings>
  setFavorite(id: number, favorite: boolean): Promise<Settings>
  /** The native folder picker; resolves to the new settings, or null when the person cancelled. */
  chooseDownloadFolder(): Promise<Settings | null>
  /** The native folder picker for the library folder, opened before it is saved; null when cancelled. */
  chooseLibraryFolder(): Promise<Settings | null>
  exportItems(ids: number[]): Promise<ExportResult>
  setWallpaper(id: number): Promise<WallpaperResult>
  openInMaps(id: number): Promise<void>
  showDownloadFolder(): Promise<void>
  /** "Next wallpaper": the next image of the rotation's shuffle, now, through the verified setter. */
  nextWallpaper(): Promise<RotationOutcome>
}

export interface GalleryEvents {
  crawlProgress: CrawlProgress
  /** Newly saved images, batched. */
  itemsAdded: LibraryRecord[]
  /**
   * Ids no longer in the library: a saved copy was found damaged and set aside (it is downloaded
   * again by the next crawl, export or wallpaper that needs it).
   */
  itemsRemoved: number[]
  crawlFinished: CrawlSummary
  settingsChanged: Settings
  exportProgress: ExportProgress
  /**
   * Ids whose thumbnail was made again (its image was saved anew, or the old one was damaged) and
   * can be reloaded now; the page cache-busts those tiles. A first thumbnail is not announced: the
   * request that asked for it waits for it.
   */
  thumbnailsReady: number[]
  error: GalleryErrorInfo
  /** The rotation's state changed: a change started or ended, the choices or the due time moved. */
  rotationChanged: RotationState
}

export type ApiMethod = keyof GalleryApi
export type ApiEvent = keyof GalleryEvents

/**
 * The keys of a table that names every member of `K` once. The table's type is `Record<K, true>`,
 * so leaving a name out, or adding one the contract does not declare, does not compile.
 */
export function allNames<K extends string>(table: Record<K, true>): readonly K[] {
  return Object.freeze(Object.keys(table) as K[])
}

export const API_METHODS = allNames<ApiMethod>({
  getState: true,
  startCrawl: true,
  pauseCrawl: true,
  resumeCrawl: true,
  cancelCrawl: true,
  updateSettings: true,
  setFavorite: true,
  chooseDownloadFolder: true,
  chooseLibraryFolder: true,
  exportItems: true,
  setWallpaper: true,
  openInMaps: true,
  showDownloadFolder: true,
  nextWallpaper: true
})

export const API_EVENTS = allNames<ApiEvent>({
  crawlProgress: true,
  itemsAdded: true,
  itemsRemoved: true,
  crawlFinished: true,
  settingsChanged: true,
  exportProgress: true,
  thumbnailsReady: true,
  error: true,
  rotationChanged: true
})

const METHOD_NAMES: ReadonlySet<string> = new Set(API_METHODS)
const EVENT_NAMES: ReadonlySet<string> = new Set(API_EVENTS)

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && METHOD_NAMES.has(name)
}

export function isApiEvent(name: unknown): name is ApiEvent {
  return typeof name === 'string' && EVENT_NAMES.has(name)
}

/** Electron IPC channel names, derived from the method and event names. */
export const ipcChannel = {
  method: (method: ApiMethod) => `gallery:${method}`,
  event: (event: ApiEvent) => `gallery:event:${event}`
}
