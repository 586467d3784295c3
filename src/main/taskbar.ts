import type { BrowserWindow } from 'electron'
import { NO_PROGRESS, sameProgress, taskbarProgress } from './core/shell/taskbar-progress'
import type { GalleryService } from './core/service/gallery-service'

/**
 * A running crawl on the taskbar button / dock icon. What to show is worked out in core
 * (taskbarProgress); this only hands it to the window, and only when it changes.
 */
export function followCrawlOnTaskbar(
  service: GalleryService,
  window: () => BrowserWindow | null
): void {
  let shown = NO_PROGRESS
  let shownOn: BrowserWindow | null = null
  service.on('crawlProgress', (crawl) => {
    const win = window()
    if (!win || win.isDestroyed()) return
    const next = taskbarProgress(crawl, process.platform)
    if (win === shownOn && sameProgress(shown, next)) return
    shown = next
    shownOn = win
    win.setProgressBar(next.progress, { mode: next.mode })
  })
}
