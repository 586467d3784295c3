/**
 * The Electron main process: hardening first, then the settings and the GalleryService (plain
 * Node, src/main/core), then the glue that connects them to the window — the media scheme, IPC,
 * events, menu and the window itself.
 */
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { app, dialog, nativeTheme, powerMonitor, session, type BrowserWindow } from 'electron'
import { ipcChannel } from '@shared/api'
import { APP_ID } from '@shared/app-identity'
import { GalleryError, toErrorInfo } from '@shared/errors'
import type { Settings } from '@shared/settings'
import type { AppPage } from './core/security/app-page'
import { lockDataFolder } from './core/data-lock/data-lock'
import { GalleryService } from './core/service/gallery-service'
import { afterLastWindowClosed } from './core/shell/window-close'
import { electronHost, openExternalSafely } from './host'
import { forwardGalleryEvents, isTrustedSender, registerGalleryIpc } from './ipc'
import { readLaunchOptions } from './launch-options'
import { setStartAtLogin, startedAtLogin } from './login-item'
import { installAppMenu } from './menu'
import { raiseNotifications } from './notifications'
import { handleMediaScheme, registerMediaScheme } from './protocol'
import { confineAllWebContents, hardenSession } from './security'
import { openElectronSettings } from './settings-electron'
import { followCrawlOnTaskbar } from './taskbar'
import { installTray, tellOnceAboutTray } from './tray'
import { createMainWindow } from './window'

const here = dirname(fileURLToPath(import.meta.url))
const launch = readLaunchOptions(process.env, app.isPackaged)
const page: AppPage = {
  rendererFile: join(here, '../renderer/index.html'),
  devServerUrl: launch.devServerUrl
}
const preload = join(here, '../preload/index.cjs')
const QUIT_GRACE_MS = 5_000
/** What the process ends with once the service has closed (1 after a failure). */
let exitCode = 0

let mainWindow: BrowserWindow | null = null
const currentWindow = () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow : null)
/** Set once the app is ready: opens the window again (macOS keeps running without one). */
let reopenWindow: (() => void) | null = null
/**
 * Set when quitting begins: during the wait for the service to close, a dock click or a second
 * launch must not open a window that the quit would then close, or keep the app alive.
 */
let quitting = false

// Everything below must happen before `ready`.
const dataFolderProblem = launch.dataDir ? useDataFolder(launch.dataDir) : null
app.enableSandbox()
registerMediaScheme()
if (process.platform === 'win32') app.setAppUserModelId(APP_ID)

// The lock lives in the userData folder, so test runs with their own data folders do not collide.
if (dataFolderProblem) {
  failedToStart(dataFolderProblem)
} else if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('before-quit', () => {
    quitting = true
  })
  app.on('second-instance', () => {
    if (quitting) return
    const win = currentWindow()
    if (!win) {
      reopenWindow?.()
      return
    }
    if (win.isMinimized()) win.restore()
    win.show()
    win.focus()
  })
  confineAllWebContents({ page, openExternal: (url) => openExternalSafely(url, launch.testMode) })
  app.whenReady().then(start).catch(failedToStart)
}

/**
 * EARTHVIEW_DATA_DIR as userData. Electron refuses a folder that does not exist yet
 * (app.setPath), so it is made first. Returns what went wrong, if anything.
 */
function useDataFolder(folder: string): GalleryError | null {
  try {
    mkdirSync(folder, { recursive: true })
    app.setPath('userData', folder)
    return null
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return new GalleryError(
      'io',
      `The data folder ${folder} (EARTHVIEW_DATA_DIR) cannot be used: ${reason}. ` +
        'Choose a folder you can write to.'
    )
  }
}

async function start(): Promise<void> {
  hardenSession(session.defaultSession, page)

  const dataFolder = app.getPath('userData')
  // The browser bridge may be using the same folder: one process at a time (see data-lock.ts).
  await lockDataFolder(dataFolder, 'the Earth View Gallery app')
  const { store, setAside } = await openElectronSettings(dataFolder)
  const service = await GalleryService.create({
    dataFolder,
    settingsBackend: store,
    host: {
      ...electronHost({
        window: currentWindow,
        testMode: launch.testMode,
        pickFolder: launch.pickFolder
      }),
      setStartAtLogin: setStartAtLogin(launch.testMode)
    },
    crawlDefaults: launch.crawlDefaults
  })

  followTheme(service.getSettings())
  service.on('settingsChanged', followTheme)
  handleMediaScheme((kind, id, signal) => service.resolveMedia(kind, id, signal))
  registerGalleryIpc(service, (event) => isTrustedSender(event, currentWindow, page))
  forwardGalleryEvents(service, currentWindow)
  const showWindow = () => {
    const win = currentWindow() ?? openWindow()
    if (win.isMinimized()) win.restore()
    win.show()
    win.focus()
  }
  const notifications = raiseNotifications({
    service,
    window: currentWindow,
    showWindow,
    testMode: launch.testMode
  })
  followCrawlOnTaskbar(service, currentWindow)
  installTray({
    service,
    rotation: (await service.getState()).rotation,
    showWindow,
    nextWallpaper: () => notifications.nextWallpaper()
  })
  // Timers stand still while the machine sleeps: a change that fell due meanwhile happens now.
  powerMonitor.on('resume', () => void service.resumeAfterSleep())
  installAppMenu({
    nextWallpaper: () => notifications.nextWallpaper(),
    chooseDownloadFolder: () => {
      service.chooseDownloadFolder().catch(showError)
    },
    isDev: launch.devServerUrl !== null,
    dataFolder,
    window: currentWindow
  })

  const openWindow = () => {
    const win = createMainWindow({
      page,
      preload,
      savedBounds: service.getSettings().windowBounds,
      saveBounds: (windowBounds) => {
        service.updateSettings({ windowBounds }).catch(() => undefined)
      },
      onLoadFailed: pageFailedToLoad
    })
    win.on('closed', () => {
      if (mainWindow === win) mainWindow = null
    })
    tellOnceAboutTray(win, service, notifications.notify)
    mainWindow = win
    return win
  }
  // Started by the login entry, the app waits in the tray (unless there is something to say).
  if (!startedAtLogin() || setAside) {
    const win = openWindow()
    if (setAside) tellSettingsWereSetAside(win, setAside)
  }

  reopenWindow = () => {
    if (!quitting && !currentWindow()) openWindow()
  }
  app.on('activate', reopenWindow)
  app.on('window-all-closed', () => {
    const interval = service.getSettings().wallpaperInterval
    if (afterLastWindowClosed({ platform: process.platform, interval }) === 'quit') app.quit()
  })
  closeServiceOnQuit(service)
}

/** The page follows prefers-color-scheme, and nativeTheme decides what that reports. */
function followTheme(settings: Settings): void {
  if (nativeTheme.themeSource !== settings.theme) nativeTheme.themeSource = settings.theme
}

/** Errors from menu actions go where the page shows every other error. */
function showError(error: unknown): void {
  const win = currentWindow()
  if (win) win.webContents.send(ipcChannel.event('error'), toErrorInfo(error))
  else dialog.showErrorBox('Earth View Gallery', toErrorInfo(error).message)
}

function tellSettingsWereSetAside(win: BrowserWindow, setAside: string): void {
  if (launch.testMode) {
    process.stdout.write(`settings-set-aside ${setAside}\n`)
    return
  }
  win.once('ready-to-show', () => {
    void dialog.showMessageBox(win, {
      type: 'warning',
      title: 'Settings reset',
      message: 'Your settings could not be read, so Earth View Gallery started with the defaults.',
      detail: `The unreadable file was kept as:\n${setAside}`,
      buttons: ['OK']
    })
  })
}

/**
 * Without its page the window stays hidden and the app looks dead: say what failed, then quit
 * (letting the service close first). Retrying would not help: the built page is a file of the
 * app itself, and in development the dev server is started before the app.
 */
function pageFailedToLoad(error: Error): void {
  const advice =
    launch.devServerUrl === null
      ? 'Its files may be damaged: reinstalling Earth View Gallery should fix this.'
      : 'Is the development server (npm run dev) still running?'
  const message = `The window's page could not be loaded (${error.message}). ${advice}`
  process.stderr.write(`Earth View Gallery could not open its window: ${message}\n`)
  if (!launch.testMode) dialog.showErrorBox('Earth View Gallery could not open its window', message)
  exitCode = 1
  app.quit()
}

/** Lets a running crawl stop and the library index be written before the process ends. */
function closeServiceOnQuit(service: GalleryService): void {
  let state: 'open' | 'closing' | 'closed' = 'open'
  app.on('will-quit', (event) => {
    if (state === 'closed') return
    event.preventDefault()
    if (state === 'closing') return
    state = 'closing'
    const grace = new Promise((resolve) => setTimeout(resolve, QUIT_GRACE_MS).unref())
    void Promise.race([service.close(), grace])
      .catch(() => undefined)
      .finally(() => {
        state = 'closed'
        // app.quit always ends with 0; a failure's code needs app.exit (after the close above).
        if (exitCode === 0) app.quit()
        else app.exit(exitCode)
      })
  })
}

function failedToStart(error: unknown): void {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error)
  process.stderr.write(`Earth View Gallery could not start: ${message}\n`)
  if (!launch.testMode) {
    dialog.showErrorBox('Earth View Gallery could not start', toErrorInfo(error).message)
  }
  app.exit(1)
}
