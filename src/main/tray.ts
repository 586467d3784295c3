/// <reference types="electron-vite/node" />
import { readFileSync } from 'node:fs'
import {
  app,
  Menu,
  nativeImage,
  Tray,
  type BrowserWindow,
  type MenuItemConstructorOptions
} from 'electron'
import { idleProgress, type CrawlProgress } from '@shared/crawl'
import type { Notice } from '@shared/notices'
import type { RotationState } from '@shared/rotation'
import appIcon from '../../resources/icon.png?asset'
import trayTemplate from '../../resources/trayTemplate.png?asset'
import trayTemplate2x from '../../resources/trayTemplate@2x.png?asset'
import type { GalleryService } from './core/service/gallery-service'
import { trayMenu, trayTooltip, type TrayAction, type TrayItem } from './core/shell/tray-menu'
import { shouldTellAboutTray, TRAY_NOTICE } from './core/shell/window-close'

let quitting = false
app.on('before-quit', () => {
  quitting = true
})

/** Closing the window while the wallpaper rotates leaves the app in the tray: said once. */
export function tellOnceAboutTray(
  win: BrowserWindow,
  service: GalleryService,
  notify: (notice: Notice) => void
): void {
  win.on('close', () => {
    const settings = service.getSettings()
    const tell = shouldTellAboutTray({
      platform: process.platform,
      interval: settings.wallpaperInterval,
      alreadyTold: settings.trayNoticeShown
    })
    if (quitting || !tell) return
    notify(TRAY_NOTICE)
    service.updateSettings({ trayNoticeShown: true }).catch(() => undefined)
  })
}

export interface TrayOptions {
  service: GalleryService
  /** From the app's own data: the rotation's state when the tray appears. */
  rotation: RotationState
  showWindow(): void
  nextWallpaper(): void
}

/** The tooltip's "Next change at …" follows the clock; a minute is fine enough. */
const REFRESH_MS = 60_000

/**
 * The menu-bar template image on macOS (black and clear, tinted by the system, with its Retina
 * size), the app's icon elsewhere. Imported as assets so the packaged app carries them.
 */
function trayIcon(): Electron.NativeImage {
  if (process.platform !== 'darwin') return nativeImage.createFromPath(appIcon)
  const image = nativeImage.createFromPath(trayTemplate)
  image.addRepresentation({ scaleFactor: 2, buffer: readFileSync(trayTemplate2x) })
  image.setTemplateImage(true)
  return image
}

/**
 * The tray (menu-bar) icon. Its menu is built in core from the app's state (trayMenu); this
 * renders it and runs the actions. Returns the function that removes it.
 */
export function installTray(options: TrayOptions): () => void {
  const { service } = options
  const tray = new Tray(trayIcon())
  let crawl: CrawlProgress = idleProgress(0)
  let rotation = options.rotation
  let shownMenu = ''

  const actions: Record<TrayAction, () => void> = {
    'next-wallpaper': () => options.nextWallpaper(),
    'show-window': () => options.showWindow(),
    'pause-crawl': () => void service.pauseCrawl(),
    'resume-crawl': () => void service.resumeCrawl(),
    quit: () => app.quit()
  }
  const toTemplate = (item: TrayItem): MenuItemConstructorOptions =>
    item.kind === 'separator'
      ? { type: 'separator' }
      : item.kind === 'info'
        ? { label: item.label, enabled: false }
        : { label: item.label, enabled: item.enabled, click: actions[item.action] }

  const render = () => {
    const input = { crawl, rotation, now: Date.now() }
    tray.setToolTip(trayTooltip(input))
    const items = trayMenu(input)
    // Rebuilt only when it would read differently, not at every progress event.
    const key = JSON.stringify(items)
    if (key === shownMenu) return
    shownMenu = key
    tray.setContextMenu(Menu.buildFromTemplate(items.map(toTemplate)))
  }

  const offProgress = service.on('crawlProgress', (progress) => {
    crawl = progress
    render()
  })
  const offRotation = service.on('rotationChanged', (state) => {
    rotation = state
    render()
  })
  // Windows opens the window on a click; the menu is on the right button there.
  if (process.platform === 'win32') tray.on('click', () => options.showWindow())
  const timer = setInterval(render, REFRESH_MS)
  render()

  return () => {
    clearInterval(timer)
    offProgress()
    offRotation()
    tray.destroy()
  }
}
