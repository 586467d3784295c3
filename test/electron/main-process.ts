/**
 * The child process that runs the built main process against the stand-in Electron:
 *
 *   node test/electron/main-process.ts <app folder> <main script> [<launch JSON>]
 *
 * The launch JSON ({ platform, args }, see boot.ts) emulates another platform for what reads
 * `process.platform` (the app's branches and the stand-in's rules; Node's own modules, `path`
 * included, stay this machine's) and gives the app its command-line arguments.
 *
 * `electron` resolves to stand-in.ts (a resolve hook, so the app and electron-store get the same
 * module); the main script runs, then `ready` fires as Electron fires it. The parent (boot.ts)
 * receives every observation as a message and plays the page and the person through `commands`
 * below. A process per boot keeps `app.exit`, module state and timers contained.
 */
import module from 'node:module'
import { pathToFileURL } from 'node:url'
import type * as StandIn from './stand-in.ts'
import type {
  BrowserWindow as StandInWindow,
  HeadersReceivedDetails,
  Observation
} from './stand-in.ts'

export type ToParent =
  | { type: 'observation'; observation: Observation }
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: string }

export interface Command {
  id: number
  name: keyof Commands
  args: unknown[]
}

export interface Launch {
  platform?: NodeJS.Platform
  /** After the app folder, as `electron <folder> …args` would give them. */
  args?: string[]
}

const [appFolder, mainScript, launchJson] = process.argv.slice(2)
if (!appFolder || !mainScript || !process.send) {
  process.stderr.write('usage: node main-process.ts <app folder> <main script> (as a fork)\n')
  process.exit(2)
}
const launch = JSON.parse(launchJson ?? '{}') as Launch
if (launch.platform) Object.defineProperty(process, 'platform', { value: launch.platform })

const standInUrl = new URL('./stand-in.ts', import.meta.url).href
module.registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === 'electron') return { url: standInUrl, shortCircuit: true }
    return nextResolve(specifier, context)
  }
})
const electron = (await import(standInUrl)) as typeof StandIn
const { app, BrowserWindow, dialogAnswers, ipcMain, Menu, nativeTheme, snapshotMenu, standIn } =
  electron

/** Resolves once this message (and so every earlier one) is written to the parent. */
let lastSent = Promise.resolve()
const send = (message: ToParent) => {
  lastSent = new Promise<void>((resolve) => process.send!(message, undefined, {}, () => resolve()))
  return lastSent
}

standIn.observe((observation) => void send({ type: 'observation', observation }))
// Electron ends the process at once; here the parent must first get what was observed.
standIn.exitProcess = (code) => void lastSent.finally(() => process.exit(code))

/**
 * The time the machine spent asleep: the wall clock (Date.now) moved on by it, while timers,
 * which follow a monotonic clock that stops during sleep, did not. (`new Date()` is not moved:
 * the app reads the time through Date.now.)
 */
let asleepMs = 0
const wallClock = Date.now.bind(Date)
Date.now = () => wallClock() + asleepMs

function trayByIndex(index: number): StandIn.Tray {
  const tray = standIn.trays()[index]
  if (!tray) throw new Error(`There is no tray icon ${index}`)
  return tray
}

function windowById(id: number | undefined): StandInWindow {
  const all = BrowserWindow.getAllWindows()
  const win = id === undefined ? all[0] : all.find((candidate) => candidate.id === id)
  if (!win) throw new Error(`No window ${id ?? ''} is open`)
  return win
}

/** Windows closed since: kept so a test can still send from one (a late message). */
const closedWindows = new Map<number, StandInWindow>()
app.on('browser-window-created', (_event: unknown, win: StandInWindow) => {
  win.once('closed', () => closedWindows.set(win.id, win))
})

export interface Sender {
  /** Default: the first open window. */
  windowId?: number
  /** A subframe of that window's page instead of its main frame. */
  subframe?: boolean
  /** The frame reports this URL instead of its own (a page that got elsewhere). */
  url?: string
}

export interface Fetched {
  /** 0 when the request failed as a whole (then `error` says how). */
  status: number
  error: string | null
  headers: Record<string, string>
  body: Uint8Array
}

/** What the parent can ask; everything it gets back is plain data. */
const commands = {
  windows: () =>
    BrowserWindow.getAllWindows().map((win) => ({
      id: win.id,
      webContentsId: win.webContents.id,
      url: win.webContents.getURL(),
      visible: win.isVisible(),
      focused: win.isFocused(),
      backgroundColor: win.getBackgroundColor()
    })),

  handlers: () => [...ipcMain.handlers.keys()],

  state: () => ({
    userData: app.getPath('userData'),
    privilegedSchemes: standIn.privilegedSchemes,
    themeSource: nativeTheme.themeSource
  }),

  /** `ipcRenderer.invoke` from the given frame. */
  async invoke(channel: string, args: unknown[], from: Sender = {}): Promise<unknown> {
    const win =
      from.windowId !== undefined && closedWindows.has(from.windowId)
        ? closedWindows.get(from.windowId)!
        : windowById(from.windowId)
    const main = win.webContents.mainFrame
    const frame = from.subframe ? standIn.addSubframe(main, from.url ?? main.url) : main
    const own = frame.url
    if (from.url !== undefined) frame.url = from.url
    try {
      return await standIn.invoke(frame, channel, args)
    } finally {
      frame.url = own
    }
  },

  /** A page's request to a custom scheme: status, headers and body, or the network error. */
  async request(url: string, method = 'GET'): Promise<Fetched> {
    let response: Response
    try {
      response = await standIn.request(url, { method })
    } catch (error) {
      return { status: 0, error: (error as Error).message, headers: {}, body: new Uint8Array() }
    }
    return {
      status: response.status,
      error: null,
      headers: Object.fromEntries(response.headers),
      body: new Uint8Array(await response.arrayBuffer())
    }
  },

  /** A window the app did not open, on the app's own page (another webContents). */
  async foreignWindow(): Promise<number> {
    const own = windowById(undefined).webContents.getURL()
    const win = new BrowserWindow({ show: false })
    await win.loadURL(own)
    return win.id
  },

  permissions: (permission: string, windowId?: number) => {
    const contents = windowById(windowId).webContents
    return standIn.requestPermission(contents, permission).then((requested) => ({
      requested,
      checked: standIn.checkPermission(contents, permission),
      device: standIn.checkDevicePermission(contents, 'hid')
    }))
  },

  headersReceived: (details: HeadersReceivedDetails, windowId?: number) =>
    standIn.headersReceived(windowById(windowId).webContents, details),

  windowOpen: (url: string, windowId?: number) =>
    standIn.windowOpen(windowById(windowId).webContents, url),

  navigate: (url: string, windowId?: number) =>
    standIn.navigate(windowById(windowId).webContents, url),

  applicationMenu: () => {
    const menu = Menu.getApplicationMenu()
    return menu ? snapshotMenu(menu) : null
  },

  clickMenuItem: (labels: string[]) => {
    const menu = Menu.getApplicationMenu()
    if (!menu) throw new Error('There is no application menu')
    standIn.clickMenuItem(menu, labels)
  },

  answerOpenDialog: (filePaths: string[] | null) => {
    dialogAnswers.openDialog =
      filePaths === null ? { canceled: true, filePaths: [] } : { canceled: false, filePaths }
  },

  closeWindow: (windowId?: number) => windowById(windowId).close(),

  /** The person brings the window to the front, or switches to another app. */
  focusWindow: (windowId?: number) => windowById(windowId).focus(),
  blurWindow: (windowId?: number) => windowById(windowId).blur(),

  /** The tray icons, as the person sees them. */
  trays: () =>
    standIn.trays().map((tray) => ({
      image: tray.image.snapshot(),
      toolTip: tray.toolTip,
      menu: tray.menuForStandIn()
    })),

  clickTray: (index = 0) => standIn.clickTray(trayByIndex(index)),

  clickTrayMenuItem: (labels: string[], index = 0) => {
    const menu = trayByIndex(index).contextMenu
    if (!menu) throw new Error('The tray icon has no menu')
    standIn.clickMenuItem(menu, labels)
  },

  clickNotification: (id: number) => standIn.clickNotification(id),

  /** The machine sleeps for `ms` of wall-clock time, then wakes. */
  sleep: (ms: number) => {
    standIn.powerEvent('suspend')
    asleepMs += ms
    standIn.powerEvent('resume')
  },

  loginItemSettings: (options?: { path?: string; args?: string[] }) =>
    app.getLoginItemSettings(options),

  /** app.quit(), then (in the same tick, while the quit is under way) these app events. */
  quit: (thenEmit: ('activate' | 'second-instance')[] = []) => {
    app.quit()
    for (const event of thenEmit) {
      if (event === 'activate') app.emit('activate', {}, false)
      else app.emit('second-instance', {}, [process.execPath], appFolder, {})
    }
  },

  appEvent: (event: 'activate' | 'second-instance') => {
    if (event === 'activate') app.emit('activate', {}, false)
    else app.emit('second-instance', {}, [process.execPath], appFolder, {})
  }
}

export type Commands = typeof commands

process.on('message', (message: Command) => {
  const command = commands[message.name] as (...args: unknown[]) => unknown
  void (async () => {
    try {
      const value = await command(...message.args)
      await send({ type: 'reply', id: message.id, ok: true, value })
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error)
      await send({ type: 'reply', id: message.id, ok: false, error: text })
    }
  })()
})

app.setAppPathForStandIn(appFolder)
// As Electron gives them for `electron <folder> …args`.
process.argv = [process.execPath, appFolder, ...(launch.args ?? [])]
await import(pathToFileURL(mainScript).href)
standIn.emitReady()
