import { Notification, type BrowserWindow } from 'electron'
import { crawlNotice, rotationNotice, shouldNotifyRotation, type Notice } from '@shared/notices'
import { isRotationFailure, type RotationState } from '@shared/rotation'
import type { GalleryService } from './core/service/gallery-service'

export interface NotificationOptions {
  service: GalleryService
  window(): BrowserWindow | null
  showWindow(): void
  /** Test mode: print `notification <title>: <body>` instead of showing it. */
  testMode: boolean
}

export interface Notifications {
  notify(notice: Notice): void
  /** Shows the notice unless our window is focused (its toast is enough then). */
  notifyIfUnfocused(notice: Notice): void
  /** "Next wallpaper" from the tray or the app menu: a failure is told like a scheduled one. */
  nextWallpaper(): void
}

/**
 * System notifications from the main process: a crawl that ended and a scheduled wallpaper
 * change that failed (the first of a run), while the window is not focused or not open. The
 * words come from src/shared/notices.ts, the same as the browser bridge's.
 */
export function raiseNotifications(options: NotificationOptions): Notifications {
  const { service } = options
  // Referenced until dismissed, or a click on a collected one would do nothing.
  const live = new Set<Notification>()
  let lastOutcomeAt: number | null = null

  const notify = (notice: Notice) => {
    if (options.testMode) {
      process.stdout.write(`notification ${notice.title}: ${notice.body}\n`)
      return
    }
    if (!Notification.isSupported()) return
    const shown = new Notification({ title: notice.title, body: notice.body })
    live.add(shown)
    shown.on('click', () => options.showWindow())
    shown.on('close', () => live.delete(shown))
    shown.show()
  }

  const notifyIfUnfocused = (notice: Notice) => {
    const win = options.window()
    if (win && !win.isDestroyed() && win.isVisible() && win.isFocused()) return
    notify(notice)
  }

  service.on('crawlFinished', (summary) => notifyIfUnfocused(crawlNotice(summary)))
  // The state is announced again and again (settings, a crawl's end) with the last outcome in it:
  // each outcome is told once, and one kept from an earlier run, told then, never again.
  const tellRotation = ({ last }: RotationState) => {
    if (!last || last.at < performance.timeOrigin) return
    if (lastOutcomeAt !== null && last.at <= lastOutcomeAt) return
    lastOutcomeAt = last.at
    if (shouldNotifyRotation(last)) notifyIfUnfocused(rotationNotice(last))
  }
  service.on('rotationChanged', tellRotation)
  // A change that fell due while the app was closed is made at start, before this listener.
  void service.getState().then(({ rotation }) => tellRotation(rotation))

  return {
    notify,
    notifyIfUnfocused,
    nextWallpaper() {
      void service.nextWallpaper().then(
        (outcome) => {
          if (isRotationFailure(outcome.status)) notifyIfUnfocused(rotationNotice(outcome))
        },
        (error: Error) => notifyIfUnfocused({ title: 'Wallpaper not changed', body: error.message })
      )
    }
  }
}
