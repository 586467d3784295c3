/**
 * The Electron main process: hardening first, then the settings and the GalleryService (plain
 * Node, src/main/core), then the glue that connects them to the window — the media scheme, IPC,
 * events, menu and the window itself.
 */
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { app, dialog, nativeTheme, session, type BrowserWindow } from 'electron'
import { ipcChannel } from '@shared/api'
import { toErrorInfo } from '@shared/errors'
import type { Settings } from '@shared/settings'
import type { AppPage } from './core/security/app-page'
import { lockDataFolder } from './core/data-lock/data-lock'
import { GalleryService } from './core/service/gallery-service'
import { electronHost, openExternalSafely } from './host'
import { forwardGalleryEvents, isTrustedSender, registerGalleryIpc } from './ipc'
import { readLaunchOptions } from './launch-options'
import { installAppMenu } from './menu'
import { handleMediaScheme, registerMediaScheme } from './protocol'
import { confineAllWebContents, hardenSession } from './security'
import { openElectronSettings } from './settings-electron'
import { createMainWindow } from './window'

const here = dirname(fileURLToPath(import.meta.url))
const launch = readLaunchOptions(process.env, app.isPackaged)
const page: AppPage = {
  rendererFile: join(here, '../renderer/index.html'),
  devServerUrl: launch.devServerUrl
}
const preload = join(here, '../preload/index.cjs')
const QUIT_GRACE_MS = 5_000

let mainWindow: BrowserWindow | null = null
const currentWindow = () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow : null)
/** Set once the app is ready: opens the window again (macOS keeps running without one). */
let reopenWindow: (() => void) | null = null

// Everything below must happen before `ready`.
if (launch.dataDir) app.setPath('userData', launch.dataDir)
app.enableSandbox()
registerMediaScheme()

// The lock lives in the userData folder, so test runs with their own data folders do not collide.
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
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

async function start(): Promise<void> {
  hardenSession(session.defaultSession, page)

  const dataFolder = app.getPath('userData')
  // The browser bridge may be using the same folder: one process at a time (see data-lock.ts).
  await lockDataFolder(dataFolder, 'the Earth View Gallery app')
  const { store, setAside } = await openElectronSettings(dataFolder)
  const service = await GalleryService.create({
    dataFolder,
    settingsBackend: store,
    host: electronHost({
      window: currentWindow,
      testMode: launch.testMode,
      pickFolder: launch.pickFolder
    }),
    crawlDefaults: launch.crawlDefaults
  })

  followTheme(service.getSettings())
  service.on('settingsChanged', followTheme)
  handleMediaScheme((kind, id) => service.resolveMedia(kind, id))
  registerGalleryIpc(service, (event) => isTrustedSender(event, currentWindow, page))
  forwardGalleryEvents(service, currentWindow)
  installAppMenu({
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
      }
    })
    win.on('closed', () => {
      if (mainWindow === win) mainWindow = null
    })
    mainWindow = win
    return win
  }
  const win = openWindow()
  if (setAside) tellSettingsWereSetAside(win, setAside)

  reopenWindow = () => {
    if (!currentWindow()) openWindow()
  }
  app.on('activate', reopenWindow)
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
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
        app.quit()
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
