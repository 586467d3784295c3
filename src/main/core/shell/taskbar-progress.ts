import { isCrawlActive, type CrawlProgress } from '@shared/crawl'

/** What `BrowserWindow.setProgressBar(progress, { mode })` is given; progress -1 removes the bar. */
export interface TaskbarProgress {
  progress: number
  mode: 'none' | 'normal' | 'indeterminate' | 'error' | 'paused'
}

export const NO_PROGRESS: TaskbarProgress = { progress: -1, mode: 'none' }

/**
 * The crawl on the taskbar button / dock icon: the fraction done while it runs, 'paused' while
 * paused, red ('error', a Windows taskbar mode) once some images failed, nothing when it has
 * ended. The fraction moves in whole percents, so a crawl's ~8 progress events a second cost
 * the taskbar at most a hundred updates.
 */
export function taskbarProgress(
  crawl: Pick<CrawlProgress, 'state' | 'done' | 'requested' | 'failed'>,
  platform: NodeJS.Platform
): TaskbarProgress {
  if (!isCrawlActive(crawl.state)) return NO_PROGRESS
  // More than 1 is Electron's indeterminate bar: nothing to count yet.
  if (crawl.requested <= 0) return { progress: 2, mode: 'indeterminate' }
  const progress = Math.floor((Math.min(crawl.done, crawl.requested) / crawl.requested) * 100) / 100
  if (crawl.state === 'paused') return { progress, mode: 'paused' }
  if (platform === 'win32' && crawl.failed > 0) return { progress, mode: 'error' }
  return { progress, mode: 'normal' }
}

export function sameProgress(a: TaskbarProgress, b: TaskbarProgress): boolean {
  return a.progress === b.progress && a.mode === b.mode
}
