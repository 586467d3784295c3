/**
 * The one contract between the page and the rest of the app. Every method takes plain data and
 * returns a Promise; every event carries plain data. The Electron preload, the IPC registration,
 * the browser bridge's server and its client are all derived from `apiArgs` and `API_EVENTS`
 * below, so a method is declared once, here.
 */
import { z } from 'zod'
import type { CatalogEntry, LibraryRecord } from './catalog'
import type { CrawlFailure, CrawlProgress, CrawlSummary } from './crawl'
import type { GalleryErrorInfo } from './errors'
import type { RotationOutcome, RotationState } from './rotation'
import { settingsPatchSchema, type Settings, type SettingsPatch } from './settings'

export interface GalleryState {
  /** Every image the app knows of: the bundled catalog plus anything crawled beyond it. */
  catalog: CatalogEntry[]
  /** What is saved in the library. */
  library: LibraryRecord[]
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

export interface ExportResult {
  folder: string
  /** Files written by this export. */
  written: string[]
  /** Items whose identical file was already there. */
  skipped: number
  /** Items that had to be fetched first. */
  fetched: number
  failed: CrawlFailure[]
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
  crawlFinished: CrawlSummary
  settingsChanged: Settings
  exportProgress: ExportProgress
  /** Ids whose thumbnail was (re)made and can be loaded now. */
  thumbnailsReady: number[]
  error: GalleryErrorInfo
  /** The rotation's state changed: a change started or ended, the choices or the due time moved. */
  rotationChanged: RotationState
}

const id = z.number().int().positive().max(99_999)

/** The argument list of every method, validated before any service code runs. */
export const apiArgs = {
  getState: z.tuple([]),
  startCrawl: z.tuple([
    z
      .object({ ids: z.string().max(10_000).optional(), retryFailed: z.boolean().optional() })
      .strict()
  ]),
  pauseCrawl: z.tuple([]),
  resumeCrawl: z.tuple([]),
  cancelCrawl: z.tuple([]),
  updateSettings: z.tuple([settingsPatchSchema]),
  setFavorite: z.tuple([id, z.boolean()]),
  chooseDownloadFolder: z.tuple([]),
  chooseLibraryFolder: z.tuple([]),
  exportItems: z.tuple([z.array(id).min(1).max(10_000)]),
  setWallpaper: z.tuple([id]),
  openInMaps: z.tuple([id]),
  showDownloadFolder: z.tuple([]),
  nextWallpaper: z.tuple([])
} satisfies { [K in keyof GalleryApi]: z.ZodType<Parameters<GalleryApi[K]>> }

export type ApiMethod = keyof GalleryApi
export type ApiEvent = keyof GalleryEvents

export const API_METHODS = Object.keys(apiArgs) as ApiMethod[]

export const API_EVENTS = [
  'crawlProgress',
  'itemsAdded',
  'crawlFinished',
  'settingsChanged',
  'exportProgress',
  'thumbnailsReady',
  'error',
  'rotationChanged'
] as const satisfies readonly ApiEvent[]

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.hasOwn(apiArgs, name)
}

export function isApiEvent(name: unknown): name is ApiEvent {
  return typeof name === 'string' && (API_EVENTS as readonly string[]).includes(name)
}

/** Electron IPC channel names, derived from the method and event names. */
export const ipcChannel = {
  method: (method: ApiMethod) => `gallery:${method}`,
  event: (event: ApiEvent) => `gallery:event:${event}`
}
