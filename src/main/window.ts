/// <reference types="electron-vite/node" />
import { BrowserWindow, nativeTheme, screen, type Rectangle } from 'electron'
import windowIcon from '../../resources/icon.png?asset'
import { appPageUrl, type AppPage } from './core/security/app-page'
import { DEFAULT_WINDOW_SIZE, MIN_WINDOW_SIZE, fitBounds } from './core/window/bounds'

/**
 * The page's --bg (src/renderer/src/styles/app.css), so the window does not flash white (or
 * black) before it paints.
 */
const BACKGROUND = { light: '#f5f6f7', dark: '#0f1012' }
const SAVE_BOUNDS_AFTER_MS = 500

export interface MainWindowOptions {
  page: AppPage
  /** Absolute path of the built preload (out/preload/index.cjs). */
  preload: string
  /** settings.windowBounds: where the window was last time, or null the first time. */
  savedBounds: Rectangle | null
  /** Called (debounced, and once more on close) with the window's normal bounds. */
  saveBounds(bounds: Rectangle): void
  /** The page could not be loaded: the window, created hidden, would never appear. */
  onLoadFailed(error: Error): void
}

export function backgroundColor(): string {
  return nativeTheme.shouldUseDarkColors ? BACKGROUND.dark : BACKGROUND.light
}

/** Saved bounds, moved and shrunk onto whichever display they now (most) overlap. */
function initialBounds(saved: Rectangle | null): Partial<Rectangle> {
  if (!saved) return DEFAULT_WINDOW_SIZE
  return fitBounds(saved, screen.getDisplayMatching(saved).workArea)
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    ...initialBounds(options.savedBounds),
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false,
    title: 'Earth View Gallery',
    // Linux takes the window's icon from here; macOS and Windows from the app bundle.
    icon: process.platform === 'linux' ? windowIcon : undefined,
    backgroundColor: backgroundColor(),
    autoHideMenuBar: false,
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // Middle-click would open links in new windows; the window-open handler denies them anyway.
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false
    }
  })

  win.once('ready-to-show', () => win.show())
  trackBounds(win, options.saveBounds)
  const followTheme = () => win.setBackgroundColor(backgroundColor())
  nativeTheme.on('updated', followTheme)
  win.on('closed', () => nativeTheme.off('updated', followTheme))

  const load =
    options.page.devServerUrl === null
      ? win.loadFile(options.page.rendererFile)
      : win.loadURL(appPageUrl(options.page))
  load.catch((error: Error & { code?: string }) => {
    // Closing the window while it loads, or a reload replacing the load (ERR_ABORTED), is no
    // failure: the page is gone on purpose or still coming.
    if (win.isDestroyed() || error.code === 'ERR_ABORTED') return
    options.onLoadFailed(error)
  })
  return win
}

/** Saves the normal (un-maximised) bounds shortly after the person stops moving or resizing. */
function trackBounds(win: BrowserWindow, save: (bounds: Rectangle) => void): void {
  let timer: NodeJS.Timeout | null = null
  const flush = () => {
    if (timer) clearTimeout(timer)
    timer = null
    if (!win.isDestroyed() && !win.isMinimized()) save(win.getNormalBounds())
  }
  const schedule = () => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(flush, SAVE_BOUNDS_AFTER_MS)
  }
  win.on('resize', schedule)
  win.on('move', schedule)
  win.on('close', flush)
}
