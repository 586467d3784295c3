/** Wallpaper rotation as every side sees it: the choices, their labels, and the scheduler's state. */

export const WALLPAPER_INTERVALS = ['never', 'hour', '3-hours', 'day'] as const
export type WallpaperInterval = (typeof WALLPAPER_INTERVALS)[number]

export const WALLPAPER_SOURCES = ['favorites', 'library', 'downloaded'] as const
export type WallpaperSource = (typeof WALLPAPER_SOURCES)[number]

const HOUR_MS = 3_600_000

/** How long each image stays; null: the wallpaper changes only when the person asks. */
export const INTERVAL_MS: Record<WallpaperInterval, number | null> = {
  never: null,
  hour: HOUR_MS,
  '3-hours': 3 * HOUR_MS,
  day: 24 * HOUR_MS
}

export const INTERVAL_LABELS: Record<WallpaperInterval, string> = {
  never: 'Never',
  hour: 'Every hour',
  '3-hours': 'Every 3 hours',
  day: 'Every day'
}

export const SOURCE_LABELS: Record<WallpaperSource, string> = {
  favorites: 'Favorites',
  library: 'All saved images',
  downloaded: 'Downloaded images'
}

/**
 * How a change ended. `empty`: there was nothing to choose from; `failed`: the image could not
 * be had (not downloaded, unreadable); the rest are the verified setter's own statuses.
 */
export type RotationStatus = 'applied' | 'not-applied' | 'unsupported' | 'empty' | 'failed'

export interface RotationOutcome {
  status: RotationStatus
  /** One sentence for the person: what happened, and what to do when it did not work. */
  message: string
  /** The image tried; null when there was none to try. */
  id: number | null
  /** What asked for the change: a due time, or the person ("Next wallpaper", tray, menu). */
  trigger: 'schedule' | 'manual'
  /** Epoch milliseconds. */
  at: number
  /** Scheduled failures in a row, this one included (0 after a success), so one is told once. */
  failuresInARow: number
}

export interface RotationState {
  interval: WallpaperInterval
  source: WallpaperSource
  /** How many images the chosen source holds right now. */
  eligible: number
  /** The image the app last put on the desktop; null before the first. */
  current: number | null
  /** When the next scheduled change is due (epoch ms); null when the interval is "Never". */
  nextChangeAt: number | null
  /** A change is being applied. */
  changing: boolean
  last: RotationOutcome | null
}

export function isRotationOn(interval: WallpaperInterval): boolean {
  return INTERVAL_MS[interval] !== null
}

/** What "Next wallpaper" says when the chosen source is empty, and what to do about it. */
export function emptySourceMessage(source: WallpaperSource): string {
  switch (source) {
    case 'favorites':
      return 'You have no favorites yet. Mark some images as Favorite, or choose “All saved images” under Settings → Wallpaper.'
    case 'library':
      return 'No images are saved yet. Start a crawl, then try again.'
    case 'downloaded':
      return 'You have not downloaded any images yet. Download some, or choose “All saved images” under Settings → Wallpaper.'
  }
}

export function isRotationFailure(status: RotationStatus): boolean {
  return status !== 'applied'
}
