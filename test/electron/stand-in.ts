/**
 * A stand-in for the part of Electron's main-process API that src/main uses, so the built main
 * process can run in plain Node (see main-process.ts, which resolves `electron` to this file).
 *
 * It keeps Electron's documented rules — each one cites the page it comes from (`app.md` is
 * docs/api/app.md in electron/electron, https://www.electronjs.org/docs/latest/api/app) or, where
 * the page is silent, Electron's source — and stand-in.test.ts shows the stand-in enforcing each
 * one. It records what the app asks of the desktop (windows, loads, messages to pages, dialogs,
 * menus, the tray) as observations. It has no renderer: a page never runs, so nothing here shows
 * what Chromium would draw, decode or block; `standIn` below is how a test plays the page's and
 * the person's part.
 *
 * Written so Node runs it as is (type stripping): no enums, no parameter properties, and only
 * `node:` imports.
 */
import { randomUUID } from 'node:crypto'
import { EventEmitter } from 'node:events'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { isAbsolute, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/** What the app did that a person (or the page) would see. Plain data: it crosses processes. */
export type Observation =
  | { kind: 'app'; event: string; prevented?: boolean }
  | { kind: 'exit'; code: number }
  | { kind: 'window-created'; windowId: number; webContentsId: number; options: WindowOptions }
  | { kind: 'window-shown' | 'window-closed'; windowId: number }
  | { kind: 'load'; webContentsId: number; url: string; error: string | null }
  | { kind: 'send'; webContentsId: number; channel: string; args: unknown[] }
  | { kind: 'dialog'; method: string; options: unknown }
  | { kind: 'menu'; menu: MenuSnapshot | null }
  | {
      kind: 'progress'
      windowId: number
      /** What the app asked: `setProgressBar(progress, { mode })`. */
      progress: number
      mode: string | null
      /** What the taskbar button / dock icon then shows on this platform. */
      shows: TaskbarShows
    }
  | { kind: 'tray'; action: string; value: unknown }
  | { kind: 'notification'; id: number; title: string; body: string }
  | { kind: 'login-item'; platform: NodeJS.Platform; settings: LoginItemSettingsInput }
  | { kind: 'app-user-model-id'; id: string }
  | { kind: 'shell'; method: string; target: string }

/** `fraction` is null where the bar shows no value (none, indeterminate). */
export interface TaskbarShows {
  state: 'none' | 'normal' | 'indeterminate' | 'error' | 'paused'
  fraction: number | null
}

export interface ImageSnapshot {
  path: string | null
  empty: boolean
  template: boolean
  scaleFactors: number[]
}

export interface WindowOptions {
  show?: boolean
  webPreferences?: Record<string, unknown> & { preload?: string }
  [option: string]: unknown
}

export interface MenuItemSnapshot {
  label: string
  role: string | null
  type: string
  accelerator: string | null
  enabled: boolean
  visible: boolean
  checked: boolean
  clickable: boolean
  submenu: MenuSnapshot | null
}
export type MenuSnapshot = MenuItemSnapshot[]

type Handler = (event: InvokeEvent, ...args: unknown[]) => unknown

let isReady = false
let isQuitting = false
let isExiting = false
let hasExited = false
const observers = new Set<(observation: Observation) => void>()
let resolveReady: () => void = () => undefined
const readyPromise = new Promise<void>((resolve) => (resolveReady = resolve))

function observe(observation: Observation): void {
  for (const observer of observers) observer(observation)
}

/** An after-`ready`-only rule, with the error Electron throws. */
function requireReady(message: string) {
  if (!isReady) throw new Error(message)
}

function requireNotReady(message: string) {
  if (isReady) throw new Error(message)
}

/** Electron's objects throw once destroyed ("Object has been destroyed", gin_helper). */
function requireAlive(object: { isDestroyed(): boolean }) {
  if (object.isDestroyed()) throw new TypeError('Object has been destroyed')
}

/** A cancellable event, as the `Event` Electron passes to listeners. */
function cancellable<T extends object>(
  details: T
): T & { preventDefault(): void; defaultPrevented: boolean } {
  const event = {
    ...details,
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true
    }
  }
  return event
}

// ---------------------------------------------------------------------------------------------
// app — app.md

function readPackage(appPath: string): { name?: string; productName?: string; version?: string } {
  try {
    return JSON.parse(readFileSync(join(appPath, 'package.json'), 'utf8')) as ReturnType<
      typeof readPackage
    >
  } catch {
    return {}
  }
}

/** `%APPDATA%` on Windows, `$XDG_CONFIG_HOME` or `~/.config` on Linux, … (app.md, getPath) */
function defaultAppData(home: string): string {
  if (process.platform === 'win32')
    return process.env['APPDATA'] ?? join(home, 'AppData', 'Roaming')
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support')
  return process.env['XDG_CONFIG_HOME'] || join(home, '.config')
}

/** app.md, getPath: the documented default of each name. */
function defaultPath(name: string, app: App): string | null {
  const home = homedir()
  const userData = () => app.getPath('userData')
  const defaults: Record<string, () => string> = {
    home: () => home,
    appData: () => defaultAppData(home),
    userData: () => join(app.getPath('appData'), app.name),
    sessionData: userData,
    temp: () => tmpdir(),
    exe: () => process.execPath,
    module: () => process.execPath,
    logs: () => join(userData(), 'logs'),
    crashDumps: () => join(userData(), 'Crashpad'),
    desktop: () => join(home, 'Desktop'),
    documents: () => join(home, 'Documents'),
    downloads: () => join(home, 'Downloads'),
    music: () => join(home, 'Music'),
    pictures: () => join(home, 'Pictures'),
    videos: () => join(home, 'Videos')
  }
  return Object.hasOwn(defaults, name) ? defaults[name]!() : null
}

class App extends EventEmitter {
  /** false, as when run from the project folder (`electron .`). */
  readonly isPackaged = false
  private appPath = process.cwd()
  private readonly paths = new Map<string, string>()

  /** productName, else name, from the app's package.json (app.md, app.name). */
  get name(): string {
    const pkg = readPackage(this.appPath)
    return pkg.productName ?? pkg.name ?? 'Electron'
  }
  getName(): string {
    return this.name
  }
  getVersion(): string {
    return readPackage(this.appPath).version ?? '0.0.0'
  }
  getAppPath(): string {
    return this.appPath
  }
  /** Not Electron API: the folder `electron <folder>` was started on. */
  setAppPathForStandIn(path: string): void {
    this.appPath = resolve(path)
  }

  /** "On failure, an `Error` is thrown." (app.md, getPath; message from electron_api_app.cc) */
  getPath(name: string): string {
    const path = this.paths.get(name) ?? defaultPath(name, this)
    if (path === null) throw new Error(`Failed to get '${name}' path`)
    return path
  }

  /**
   * "If the path specifies a directory that does not exist, an `Error` is thrown." and "You can
   * only override paths of a `name` defined in `app.getPath`." (app.md, setPath). The path must be
   * absolute (electron_api_app.cc, App::SetPath).
   */
  setPath(name: string, path: string): void {
    if (!isAbsolute(path)) throw new Error('Path must be absolute')
    if (defaultPath(name, this) === null || !isDirectory(path))
      throw new Error('Failed to set path')
    this.paths.set(name, path)
  }

  /** "This method can only be called before app is ready." (app.md, enableSandbox) */
  enableSandbox(): void {
    requireNotReady('app.enableSandbox() can only be called before app is ready')
  }

  /**
   * "Windows" only (app.md, setAppUserModelId): elsewhere the method exists and does nothing;
   * notifications on Windows are shown for the app whose AppUserModelID the process has.
   */
  setAppUserModelId(id: string): void {
    if (process.platform === 'win32') observe({ kind: 'app-user-model-id', id })
  }

  /** True for the primary instance (app.md): a test's process is the only one. */
  requestSingleInstanceLock(): boolean {
    return true
  }

  /**
   * "macOS Windows" only (app.md, setLoginItemSettings). Elsewhere Electron still has the method
   * and it does nothing (shell/browser/browser_linux.cc, an empty SetLoginItemSettings). On
   * Windows the registry's Run value is the command line: `path` (default process.execPath) and
   * `args` (default none); macOS ignores both (browser_win.cc, browser_mac.mm).
   */
  setLoginItemSettings(settings: LoginItemSettingsInput): void {
    const platform = process.platform
    observe({ kind: 'login-item', platform, settings: structuredClone(settings) })
    if (platform === 'win32') {
      const command = [settings.path ?? process.execPath, ...(settings.args ?? [])]
      loginItem = settings.openAtLogin ? { command } : null
    } else if (platform === 'darwin') {
      loginItem = settings.openAtLogin ? { command: [] } : null
    }
  }

  /**
   * app.md, getLoginItemSettings: on Windows `openAtLogin` is true only when `path` and `args`
   * match the ones set ("you need to pass the same arguments here"), while
   * `executableWillLaunchAtLogin` ignores the arguments; `wasOpenedAtLogin` is macOS's. On Linux
   * every value is the default, false (browser_linux.cc).
   */
  getLoginItemSettings(options: { path?: string; args?: string[] } = {}): LoginItemSettings {
    const platform = process.platform
    const settings: LoginItemSettings = {
      openAtLogin: false,
      wasOpenedAtLogin: platform === 'darwin' && standIn.openedAtLogin,
      executableWillLaunchAtLogin: false
    }
    if (platform === 'win32' && loginItem) {
      const [path, ...args] = loginItem.command
      const wanted = [options.path ?? process.execPath, ...(options.args ?? [])]
      settings.openAtLogin = JSON.stringify(loginItem.command) === JSON.stringify(wanted)
      settings.executableWillLaunchAtLogin = path === wanted[0]
      settings.launchItems = [{ path: path!, args, scope: 'user', enabled: true }]
    } else if (platform === 'darwin') {
      settings.openAtLogin = loginItem !== null
      settings.status = loginItem ? 'enabled' : 'not-registered'
    }
    return settings
  }

  isReady(): boolean {
    return isReady
  }
  whenReady(): Promise<void> {
    return readyPromise
  }
  focus(): void {}

  /**
   * app.md, quit: `before-quit` first (cancellable); then every window is asked to close; when
   * all have closed, `will-quit` (cancellable: "Calling `event.preventDefault()` will prevent the
   * default behavior, which is terminating the application"), then `quit` and the end. Calling
   * quit while a quit is under way does nothing (browser.cc, Browser::Quit).
   */
  quit(): void {
    if (isQuitting || hasExited) return
    const before = cancellable({})
    this.emit('before-quit', before)
    observe({ kind: 'app', event: 'before-quit', prevented: before.defaultPrevented })
    if (before.defaultPrevented) return
    isQuitting = true
    const open = BrowserWindow.getAllWindows()
    if (open.length === 0) {
      this.willQuit()
      return
    }
    for (const win of open) win.close()
    // A window that refused to close cancels the quit (browser.cc, OnWindowCloseCancelled).
    if (BrowserWindow.getAllWindows().length > 0) isQuitting = false
  }

  /** Called when the last window has closed. */
  allWindowsClosed(): void {
    if (isQuitting) {
      this.willQuit()
      return
    }
    // "If you do not subscribe to this event and all windows are closed, the default behavior is
    // to quit the app" (app.md, window-all-closed).
    if (this.listenerCount('window-all-closed') === 0) this.quit()
    else this.emit('window-all-closed')
  }

  private willQuit(): void {
    const event = cancellable({})
    this.emit('will-quit', event)
    observe({ kind: 'app', event: 'will-quit', prevented: event.defaultPrevented })
    if (event.defaultPrevented) {
      isQuitting = false
      return
    }
    this.shutDown(0)
  }

  /**
   * "Exits immediately with `exitCode`… All windows will be closed immediately without asking
   * the user, and the `before-quit` and `will-quit` events will not be emitted." (app.md, exit)
   */
  exit(exitCode = 0): void {
    if (hasExited) return
    isExiting = true
    for (const win of BrowserWindow.getAllWindows()) win.destroy()
    this.shutDown(exitCode)
  }

  private shutDown(code: number): void {
    hasExited = true
    this.emit('quit', cancellable({}), code)
    observe({ kind: 'app', event: 'quit' })
    observe({ kind: 'exit', code })
    standIn.exitProcess(code)
  }
}

export interface LoginItemSettingsInput {
  openAtLogin?: boolean
  path?: string
  args?: string[]
  [option: string]: unknown
}

export interface LoginItemSettings {
  openAtLogin: boolean
  wasOpenedAtLogin: boolean
  executableWillLaunchAtLogin: boolean
  status?: 'not-registered' | 'enabled'
  launchItems?: { path: string; args: string[]; scope: 'user'; enabled: boolean }[]
}

/** The login item the desktop holds (a Run value on Windows, a login item on macOS). */
let loginItem: { command: string[] } | null = null

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

export const app = new App()

// ---------------------------------------------------------------------------------------------
// webContents and frames — web-contents.md, web-frame-main.md

let nextProcessId = 1
let nextRoutingId = 1
/** Which page each frame belongs to (kept after the frame is gone, for stale senders). */
const frameContents = new WeakMap<WebFrameMain, WebContents>()

export class WebFrameMain {
  readonly processId: number
  readonly routingId = nextRoutingId++
  readonly frameToken = randomUUID()
  readonly parent: WebFrameMain | null
  readonly frames: WebFrameMain[] = []
  url: string
  private destroyed = false

  constructor(contents: WebContents, parent: WebFrameMain | null, url: string) {
    frameContents.set(this, contents)
    this.parent = parent
    this.processId = parent?.processId ?? nextProcessId++
    this.url = url
    parent?.frames.push(this)
  }
  get top(): WebFrameMain {
    return this.parent ? this.parent.top : this
  }
  isDestroyed(): boolean {
    return this.destroyed || webContentsOf(this).isDestroyed()
  }
  destroyForStandIn(): void {
    this.destroyed = true
  }

  /**
   * Arguments are serialized with the Structured Clone Algorithm; "Sending Functions, Promises,
   * Symbols, WeakMaps, or WeakSets will throw an exception." (web-contents.md, send)
   */
  send(channel: string, ...args: unknown[]): void {
    requireAlive(this)
    const cloned = structuredClone(args)
    observe({ kind: 'send', webContentsId: webContentsOf(this).id, channel, args: cloned })
  }
}

interface WindowOpenDetails {
  url: string
  frameName: string
  features: string
  disposition: string
}
type WindowOpenHandler = (details: WindowOpenDetails) => { action: 'allow' | 'deny' }

let nextWebContentsId = 1

export class WebContents extends EventEmitter {
  readonly id = nextWebContentsId++
  readonly session: Session
  mainFrame: WebFrameMain
  windowOpenHandler: WindowOpenHandler | null = null
  private destroyed = false

  constructor() {
    super()
    this.session = session.defaultSession
    this.mainFrame = new WebFrameMain(this, null, 'about:blank')
    app.emit('web-contents-created', cancellable({}), this)
  }

  isDestroyed(): boolean {
    return this.destroyed
  }
  destroyForStandIn(): void {
    if (this.destroyed) return
    this.destroyed = true
    this.emit('destroyed')
  }
  getURL(): string {
    requireAlive(this)
    return this.mainFrame.url
  }
  send(channel: string, ...args: unknown[]): void {
    requireAlive(this)
    this.mainFrame.send(channel, ...args)
  }
  setWindowOpenHandler(handler: WindowOpenHandler | null): void {
    this.windowOpenHandler = handler
  }

  /** `loadURL` with a file: URL built from the path (lib/browser/api/web-contents.ts, loadFile). */
  loadFile(filePath: string): Promise<void> {
    if (typeof filePath !== 'string') throw new TypeError('Must pass filePath as a string')
    return this.loadURL(pathToFileURL(resolve(app.getAppPath(), filePath)).href)
  }

  /**
   * "Returns `Promise<void>` - the promise will resolve when the page has finished loading (see
   * `did-finish-load`), and rejects if the page fails to load (see `did-fail-load`)."
   * (web-contents.md, loadURL). The error carries errno, code and url (web-contents.ts). A file:
   * URL loads if the file exists (else -6 ERR_FILE_NOT_FOUND, as in Chromium); an http(s) URL
   * if a server answers at all, as Chromium shows an HTTP error page too (else
   * -102 ERR_CONNECTION_REFUSED or -2 ERR_FAILED); anything else fails with ERR_FAILED. Nothing
   * is rendered.
   */
  loadURL(url: string): Promise<void> {
    requireAlive(this)
    // A new navigation replaces the frame: its old token and anything that held it are stale.
    this.mainFrame.destroyForStandIn()
    this.mainFrame = new WebFrameMain(this, null, url)
    return loadFailure(url).then((failure) => {
      if (this.destroyed) throw loadError(-3, 'ERR_ABORTED', url)
      observe({ kind: 'load', webContentsId: this.id, url, error: failure?.code ?? null })
      if (failure) {
        this.emit('did-fail-load', cancellable({}), failure.errno, failure.code, url, true)
        throw loadError(failure.errno, failure.code, url)
      }
      this.emit('dom-ready', cancellable({}))
      this.emit('did-finish-load', cancellable({}))
    })
  }
}

async function loadFailure(url: string): Promise<{ errno: number; code: string } | null> {
  if (url.startsWith('file:')) {
    return existsSync(fileURLToPath(url)) ? null : { errno: -6, code: 'ERR_FILE_NOT_FOUND' }
  }
  if (!/^https?:/.test(url)) return { errno: -2, code: 'ERR_FAILED' }
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(30_000) })
    await response.body?.cancel()
    return null
  } catch (error) {
    const refused = (error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED'
    return refused
      ? { errno: -102, code: 'ERR_CONNECTION_REFUSED' }
      : { errno: -2, code: 'ERR_FAILED' }
  }
}

function loadError(errno: number, code: string, url: string): Error {
  return Object.assign(new Error(`${code} (${errno}) loading '${url}'`), { errno, code, url })
}

// ---------------------------------------------------------------------------------------------
// BrowserWindow — browser-window.md

let nextWindowId = 1
const openWindows = new Set<BrowserWindow>()
/** The window that has the keyboard: at most one in the app (getFocusedWindow). */
let focusedWindowId: number | null = null

interface Rectangle {
  x: number
  y: number
  width: number
  height: number
}

export class BrowserWindow extends EventEmitter {
  readonly id = nextWindowId++
  readonly webContents: WebContents
  readonly options: WindowOptions
  private bounds: Rectangle
  private visible = false
  private minimized = false
  private destroyed = false
  private background: string

  /** "This module cannot be used until the `ready` event of the `app` module is emitted." */
  constructor(options: WindowOptions = {}) {
    requireReady('Cannot create BrowserWindow before app is ready')
    super()
    this.options = structuredClone(options)
    const display = screen.getPrimaryDisplay().workArea
    const width = typeof options['width'] === 'number' ? options['width'] : 800
    const height = typeof options['height'] === 'number' ? options['height'] : 600
    this.bounds = {
      x: typeof options['x'] === 'number' ? options['x'] : display.x,
      y: typeof options['y'] === 'number' ? options['y'] : display.y,
      width,
      height
    }
    this.background =
      typeof options['backgroundColor'] === 'string' ? options['backgroundColor'] : '#FFFFFF'
    this.webContents = new WebContents()
    openWindows.add(this)
    observe({
      kind: 'window-created',
      windowId: this.id,
      webContentsId: this.webContents.id,
      options: this.options
    })
    // `show` defaults to true (browser-window.md, BaseWindowConstructorOptions).
    if (options.show !== false) this.show()
    // "the `ready-to-show` event will be emitted when the renderer has rendered the page for the
    // first time if the window has not been shown yet" (browser-window.md).
    this.webContents.once('did-finish-load', () => {
      if (!this.destroyed && !this.visible) this.emit('ready-to-show')
    })
    app.emit('browser-window-created', cancellable({}), this)
  }

  static getAllWindows(): BrowserWindow[] {
    return [...openWindows]
  }
  /** "The window that is focused in this application, otherwise returns `null`." */
  static getFocusedWindow(): BrowserWindow | null {
    return [...openWindows].find((win) => win.id === focusedWindowId) ?? null
  }
  static fromWebContents(contents: WebContents): BrowserWindow | null {
    return [...openWindows].find((win) => win.webContents === contents) ?? null
  }

  isDestroyed(): boolean {
    return this.destroyed
  }
  loadFile(path: string): Promise<void> {
    return this.webContents.loadFile(path)
  }
  loadURL(url: string): Promise<void> {
    return this.webContents.loadURL(url)
  }
  /** "Shows and gives focus to the window." (browser-window.md, show) */
  show(): void {
    requireAlive(this)
    this.minimized = false
    if (!this.visible) {
      this.visible = true
      observe({ kind: 'window-shown', windowId: this.id })
      this.emit('show')
    }
    this.takeFocus()
  }
  hide(): void {
    requireAlive(this)
    if (!this.visible) return
    this.visible = false
    this.dropFocus()
    this.emit('hide')
  }
  isVisible(): boolean {
    requireAlive(this)
    return this.visible
  }
  /** "For hidden window focus() should do nothing." (shell/browser/native_window_views.cc) */
  focus(): void {
    requireAlive(this)
    if (this.visible) this.takeFocus()
  }
  /** "Removes focus from the window." (browser-window.md, blur): the person went elsewhere. */
  blur(): void {
    requireAlive(this)
    this.dropFocus()
  }
  isFocused(): boolean {
    requireAlive(this)
    return focusedWindowId === this.id
  }
  /** Events 'focus' and 'blur': "Emitted when the window gains / loses focus." */
  private takeFocus(): void {
    if (focusedWindowId === this.id) return
    BrowserWindow.getFocusedWindow()?.dropFocus()
    focusedWindowId = this.id
    this.emit('focus')
  }
  private dropFocus(): void {
    if (focusedWindowId !== this.id) return
    focusedWindowId = null
    this.emit('blur')
  }

  /**
   * base-window.md, setProgressBar: "Remove progress bar when progress < 0; Change to
   * indeterminate mode when progress > 1." The `mode` is Windows only. What each platform then
   * shows follows Electron's source: taskbar_host.cc (Windows: an unknown mode is `normal`),
   * native_window_mac.mm (the dock: value only) and linux/launcher_entry.cc (the LauncherEntry
   * bar, visible only for a value strictly between 0 and 1).
   */
  setProgressBar(progress: number, options: { mode?: string } = {}): void {
    requireAlive(this)
    if (typeof progress !== 'number') {
      throw new TypeError('Error processing argument at index 0, conversion failure')
    }
    const mode = options.mode ?? null
    const shows = taskbarShows(process.platform, progress, mode)
    observe({ kind: 'progress', windowId: this.id, progress, mode, shows })
  }
  minimize(): void {
    requireAlive(this)
    this.minimized = true
  }
  restore(): void {
    requireAlive(this)
    this.minimized = false
  }
  isMinimized(): boolean {
    requireAlive(this)
    return this.minimized
  }
  getBounds(): Rectangle {
    requireAlive(this)
    return { ...this.bounds }
  }
  getNormalBounds(): Rectangle {
    return this.getBounds()
  }
  setBackgroundColor(color: string): void {
    requireAlive(this)
    this.background = color
  }
  getBackgroundColor(): string {
    requireAlive(this)
    return this.background
  }

  /** `close` is cancellable; then `closed` (browser-window.md, events 'close' and 'closed'). */
  close(): void {
    if (this.destroyed) return
    const event = cancellable({})
    this.emit('close', event)
    if (!event.defaultPrevented) this.destroy()
  }

  /** "Force closing the window, the `unload` and `beforeunload` event won't be emitted". */
  destroy(): void {
    if (this.destroyed) return
    this.destroyed = true
    this.visible = false
    if (focusedWindowId === this.id) focusedWindowId = null
    openWindows.delete(this)
    this.webContents.destroyForStandIn()
    this.emit('closed')
    observe({ kind: 'window-closed', windowId: this.id })
    if (openWindows.size === 0 && !isExiting) app.allWindowsClosed()
  }
}

function taskbarShows(
  platform: NodeJS.Platform,
  progress: number,
  mode: string | null
): TaskbarShows {
  const none: TaskbarShows = { state: 'none', fraction: null }
  if (platform === 'win32') {
    const state = mode === 'error' || mode === 'paused' || mode === 'none' ? mode : 'normal'
    if (progress > 1 || mode === 'indeterminate') return { state: 'indeterminate', fraction: null }
    if (progress < 0 || state === 'none') return none
    return { state, fraction: Math.trunc(progress * 100) / 100 }
  }
  if (platform === 'darwin') {
    if (progress < 0) return none
    return progress > 1
      ? { state: 'indeterminate', fraction: null }
      : { state: 'normal', fraction: progress }
  }
  return progress > 0 && progress < 1 ? { state: 'normal', fraction: progress } : none
}

// ---------------------------------------------------------------------------------------------
// ipcMain — ipc-main.md

export interface InvokeEvent {
  type: 'frame'
  processId: number
  frameId: number
  sender: WebContents
  /** "May be `null` if accessed after the frame has either navigated or been destroyed." */
  readonly senderFrame: WebFrameMain | null
}

class IpcMain extends EventEmitter {
  readonly handlers = new Map<string, Handler>()

  /** "Attempted to register a second handler" (lib/browser/ipc-main-impl.ts, handle). */
  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) {
      throw new Error(`Attempted to register a second handler for '${channel}'`)
    }
    if (typeof handler !== 'function') {
      throw new TypeError(`Expected handler to be a function, but found type '${typeof handler}'`)
    }
    this.handlers.set(channel, handler)
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  }
}

export const ipcMain = new IpcMain()

// ---------------------------------------------------------------------------------------------
// session, webRequest and protocol — session.md, web-request.md, protocol.md

type PermissionRequestHandler = (
  contents: WebContents,
  permission: string,
  callback: (granted: boolean) => void,
  details: { requestingUrl: string; isMainFrame: boolean }
) => void
type PermissionCheckHandler = (
  contents: WebContents | null,
  permission: string,
  requestingOrigin: string,
  details: { requestingUrl: string; isMainFrame: boolean }
) => boolean
type DevicePermissionHandler = (details: { deviceType: string; origin: string }) => boolean

export interface HeadersReceivedDetails {
  url: string
  resourceType: string
  responseHeaders?: Record<string, string[]>
  [detail: string]: unknown
}
export interface HeadersReceivedResponse {
  cancel?: boolean
  responseHeaders?: Record<string, string | string[]>
  statusLine?: string
}
type HeadersReceivedListener = (
  details: HeadersReceivedDetails,
  callback: (response: HeadersReceivedResponse) => void
) => void

type ProtocolHandler = (request: Request) => Response | Promise<Response>

class Protocol {
  readonly handlers = new Map<string, ProtocolHandler>()

  /** Registering a scheme that already has a handler fails (lib/browser/api/protocol.ts, handle). */
  handle(scheme: string, handler: ProtocolHandler): void {
    if (this.handlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`)
    this.handlers.set(scheme, handler)
  }
  unhandle(scheme: string): void {
    if (!this.handlers.delete(scheme)) throw new Error(`Failed to unhandle protocol: ${scheme}`)
  }
  isProtocolHandled(scheme: string): boolean {
    return this.handlers.has(scheme)
  }
}

export class Session extends EventEmitter {
  readonly protocol = new Protocol()
  permissionRequestHandler: PermissionRequestHandler | null = null
  permissionCheckHandler: PermissionCheckHandler | null = null
  devicePermissionHandler: DevicePermissionHandler | null = null
  headersReceived: HeadersReceivedListener | null = null
  readonly webRequest = {
    /** One listener per event: a new one replaces the old (web-request.md). */
    onHeadersReceived: (
      filterOrListener: HeadersReceivedListener | { urls: string[] } | null,
      listener?: HeadersReceivedListener | null
    ) => {
      this.headersReceived =
        typeof filterOrListener === 'function' ? filterOrListener : (listener ?? null)
    }
  }
  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.permissionRequestHandler = handler
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.permissionCheckHandler = handler
  }
  setDevicePermissionHandler(handler: DevicePermissionHandler | null): void {
    this.devicePermissionHandler = handler
  }
}

let defaultSession: Session | null = null

export const session = {
  /** "available after `app.whenReady` is called" (session.md, defaultSession). */
  get defaultSession(): Session {
    if (!isReady) throw new TypeError('Session can only be received when app is ready')
    defaultSession ??= new Session()
    return defaultSession
  }
}

export interface CustomScheme {
  scheme: string
  privileges?: Record<string, boolean>
}

let privilegedSchemes: CustomScheme[] | null = null

/**
 * "All methods unless specified can only be used after the `ready` event of the `app` module gets
 * emitted." and registerSchemesAsPrivileged "can only be used before the `ready` event of the
 * `app` module gets emitted and can be called only once." (protocol.md). Electron ignores a
 * second call silently (the second list replaces the first); the stand-in refuses it.
 */
export const protocol = {
  registerSchemesAsPrivileged(schemes: CustomScheme[]): void {
    requireNotReady('protocol.registerSchemesAsPrivileged should be called before app is ready')
    if (privilegedSchemes !== null) {
      throw new Error('protocol.registerSchemesAsPrivileged can be called only once (protocol.md)')
    }
    privilegedSchemes = structuredClone(schemes)
  },
  handle: (scheme: string, handler: ProtocolHandler) =>
    session.defaultSession.protocol.handle(scheme, handler),
  unhandle: (scheme: string) => session.defaultSession.protocol.unhandle(scheme),
  isProtocolHandled: (scheme: string) => session.defaultSession.protocol.isProtocolHandled(scheme)
}

// ---------------------------------------------------------------------------------------------
// screen, nativeTheme, powerMonitor — screen.md, native-theme.md, power-monitor.md

export interface Display {
  id: number
  bounds: Rectangle
  workArea: Rectangle
  scaleFactor: number
}

const displays: Display[] = [
  {
    id: 1,
    bounds: { x: 0, y: 0, width: 1920, height: 1080 },
    workArea: { x: 0, y: 0, width: 1920, height: 1040 },
    scaleFactor: 1
  }
]

function overlap(a: Rectangle, b: Rectangle): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
  return Math.max(0, width) * Math.max(0, height)
}

/** "This module cannot be used until the `ready` event of the `app` module is emitted." */
class Screen extends EventEmitter {
  getAllDisplays(): Display[] {
    requireReady("The 'screen' module can't be used before the app 'ready' event")
    return structuredClone(displays)
  }
  getPrimaryDisplay(): Display {
    return this.getAllDisplays()[0]!
  }
  /** The display that most closely intersects the rectangle (screen.md). */
  getDisplayMatching(rect: Rectangle): Display {
    const all = this.getAllDisplays()
    return all.reduce((best, display) =>
      overlap(display.bounds, rect) > overlap(best.bounds, rect) ? display : best
    )
  }
}

export const screen = new Screen()

type ThemeSource = 'system' | 'light' | 'dark'

class NativeTheme extends EventEmitter {
  private source: ThemeSource = 'system'
  /** What the desktop prefers (a test may change it and emit 'updated'). */
  systemIsDark = false

  get themeSource(): ThemeSource {
    return this.source
  }
  /** Setting it emits `updated` (native-theme.md, themeSource). */
  set themeSource(value: ThemeSource) {
    this.source = value
    this.emit('updated')
  }
  get shouldUseDarkColors(): boolean {
    return this.source === 'dark' || (this.source === 'system' && this.systemIsDark)
  }
}

export const nativeTheme = new NativeTheme()

/**
 * Listeners may be added before `ready`: Electron 25 dropped the old rule ("feat: remove on(ready)
 * requirement from powerMonitor", electron/electron#37937; power-monitor.md no longer has it).
 * Its events ('suspend', 'resume', …) come from the system: `standIn.powerEvent` plays it.
 */
class PowerMonitor extends EventEmitter {
  getSystemIdleState(_threshold: number): 'active' | 'idle' | 'locked' | 'unknown' {
    return 'active'
  }
  getSystemIdleTime(): number {
    return 0
  }
  isOnBatteryPower(): boolean {
    return false
  }
  get onBatteryPower(): boolean {
    return false
  }
}

export const powerMonitor = new PowerMonitor()

// ---------------------------------------------------------------------------------------------
// dialog and shell — dialog.md, shell.md

/** What the person answers to the next dialogs (a test sets these). */
export const dialogAnswers = {
  openDialog: { canceled: true, filePaths: [] as string[] },
  messageBox: { response: 0, checkboxChecked: false }
}

/** `([window, ]options)`: the options, whether or not a parent window came first. */
function dialogOptions(args: unknown[]): unknown {
  return args[0] instanceof BrowserWindow ? args[1] : args[0]
}

/**
 * Dialogs other than the error box throw before `ready` (lib/browser/api/dialog.ts,
 * checkAppInitialized); showErrorBox "can be called safely before the `ready` event" (dialog.md).
 */
export const dialog = {
  showErrorBox(title: string, content: string): void {
    observe({ kind: 'dialog', method: 'showErrorBox', options: { title, content } })
  },
  async showMessageBox(...args: unknown[]) {
    requireReady('dialog module can only be used after app is ready')
    observe({ kind: 'dialog', method: 'showMessageBox', options: dialogOptions(args) })
    return { ...dialogAnswers.messageBox }
  },
  async showOpenDialog(...args: unknown[]) {
    requireReady('dialog module can only be used after app is ready')
    observe({ kind: 'dialog', method: 'showOpenDialog', options: dialogOptions(args) })
    return structuredClone(dialogAnswers.openDialog)
  }
}

/** Nothing leaves the process: every call is an observation. */
export const shell = {
  async openExternal(url: string): Promise<void> {
    observe({ kind: 'shell', method: 'openExternal', target: url })
  },
  /** "Resolves with a string containing the error message corresponding to the failure if a
   * failure occurred, otherwise \"\"." (shell.md, openPath) */
  async openPath(path: string): Promise<string> {
    observe({ kind: 'shell', method: 'openPath', target: path })
    return existsSync(path) ? '' : `Failed to open path: ${path}`
  },
  showItemInFolder(path: string): void {
    observe({ kind: 'shell', method: 'showItemInFolder', target: path })
  }
}

// ---------------------------------------------------------------------------------------------
// Menu, Tray, Notification, nativeImage — menu.md, tray.md, notification.md

const MENU_ITEM_TYPES = ['normal', 'separator', 'submenu', 'checkbox', 'radio', 'header', 'palette']

export interface MenuItemOptions {
  label?: string
  role?: string
  type?: string
  accelerator?: string
  enabled?: boolean
  visible?: boolean
  checked?: boolean
  id?: string
  click?: (item: MenuItem, window: BrowserWindow | null, event: object) => void
  submenu?: MenuItemOptions[] | Menu
  [option: string]: unknown
}

export class MenuItem {
  readonly label: string
  readonly role: string | null
  readonly type: string
  readonly accelerator: string | null
  readonly id: string | null
  readonly submenu: Menu | null
  readonly click: MenuItemOptions['click'] | null
  enabled: boolean
  visible: boolean
  checked: boolean

  /** Rules from lib/browser/api/menu-item.ts: a bad submenu or an unknown type throws. */
  constructor(options: MenuItemOptions) {
    this.role = typeof options.role === 'string' ? options.role.toLowerCase() : null
    const submenu = options.submenu
    this.submenu =
      submenu === undefined
        ? null
        : submenu instanceof Menu
          ? submenu
          : Menu.buildFromTemplate(submenu)
    this.type = options.type ?? (this.submenu ? 'submenu' : 'normal')
    if (this.type === 'submenu' && !this.submenu) throw new Error('Invalid submenu')
    if (!MENU_ITEM_TYPES.includes(this.type))
      throw new Error(`Unknown menu item type: ${this.type}`)
    this.label = options.label ?? ''
    this.accelerator = options.accelerator ?? null
    this.id = options.id ?? null
    this.click = options.click ?? null
    this.enabled = options.enabled ?? true
    this.visible = options.visible ?? true
    this.checked = options.checked ?? false
  }
}

let applicationMenu: Menu | null = null

export class Menu {
  readonly items: MenuItem[] = []

  append(item: MenuItem): void {
    this.items.push(item)
  }

  /**
   * "Invalid template for Menu: Menu template must be an array" and every item needs a label, a
   * role or type 'separator' (lib/browser/api/menu.ts, buildFromTemplate).
   */
  static buildFromTemplate(template: (MenuItemOptions | MenuItem)[]): Menu {
    if (!Array.isArray(template)) {
      throw new TypeError('Invalid template for Menu: Menu template must be an array')
    }
    const valid = template.every(
      (item) =>
        item instanceof MenuItem ||
        (item !== null &&
          typeof item === 'object' &&
          (Object.hasOwn(item, 'label') ||
            Object.hasOwn(item, 'role') ||
            item.type === 'separator'))
    )
    if (!valid) {
      throw new TypeError(
        'Invalid template for MenuItem: must have at least one of label, role or type'
      )
    }
    const menu = new Menu()
    for (const item of template) menu.append(item instanceof MenuItem ? item : new MenuItem(item))
    return menu
  }

  static setApplicationMenu(menu: Menu | null): void {
    applicationMenu = menu
    observe({ kind: 'menu', menu: menu ? snapshotMenu(menu) : null })
  }
  static getApplicationMenu(): Menu | null {
    return applicationMenu
  }
}

export function snapshotMenu(menu: Menu): MenuSnapshot {
  return menu.items.map((item) => ({
    label: item.label,
    role: item.role,
    type: item.type,
    accelerator: item.accelerator,
    enabled: item.enabled,
    visible: item.visible,
    checked: item.checked,
    clickable: item.click !== null,
    submenu: item.submenu ? snapshotMenu(item.submenu) : null
  }))
}

/** PNG's and JPEG's first bytes: what Chromium's decoders take here. */
function isImageFile(path: string): boolean {
  let head: Buffer
  try {
    head = readFileSync(path).subarray(0, 8)
  } catch {
    return false
  }
  return isImageBuffer(head)
}

function isImageBuffer(bytes: Uint8Array): boolean {
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
  const isPng = png.every((byte, index) => bytes[index] === byte)
  const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff
  return isPng || isJpeg
}

export class NativeImage {
  readonly path: string | null
  private readonly scaleFactors: number[] = []
  private template = false

  /**
   * createFromPath "returns an empty image if the `path` does not exist, cannot be read, or is not
   * a valid image" (native-image.md). On macOS a file whose name ends in `Template` is a template
   * image ("Template Image"), and its `@2x` sibling is loaded with it ("High Resolution Image").
   */
  constructor(path: string | null) {
    this.path = path
    if (path === null || !isImageFile(path)) return
    this.scaleFactors.push(1)
    if (process.platform !== 'darwin') return
    const stem = path.replace(/\.[^./]*$/, '')
    this.template = stem.endsWith('Template')
    if (isImageFile(`${stem}@2x${path.slice(stem.length)}`)) this.scaleFactors.push(2)
  }
  isEmpty(): boolean {
    return this.scaleFactors.length === 0
  }
  /**
   * A PNG or JPEG `buffer` adds the representation; an empty image then stops being empty
   * (electron_api_native_image.cc, AddRepresentation).
   */
  addRepresentation(options: { scaleFactor?: number; buffer?: Uint8Array }): void {
    const scaleFactor = options.scaleFactor ?? 1
    if (!options.buffer || !isImageBuffer(options.buffer)) return
    if (!this.scaleFactors.includes(scaleFactor)) this.scaleFactors.push(scaleFactor)
  }
  /** A macOS matter: elsewhere setTemplateImage does nothing and isTemplateImage is false. */
  setTemplateImage(option: boolean): void {
    if (process.platform === 'darwin') this.template = option
  }
  isTemplateImage(): boolean {
    return this.template
  }
  snapshot(): ImageSnapshot {
    return {
      path: this.path,
      empty: this.isEmpty(),
      template: this.template,
      scaleFactors: [...this.scaleFactors].sort()
    }
  }
}

export const nativeImage = {
  createFromPath: (path: string) => new NativeImage(path),
  createEmpty: () => new NativeImage(null)
}

/**
 * What Tray takes for an image (NativeImage::TryConvertNativeImage): a NativeImage, even an empty
 * one (the icon is then blank), or a path, which must load ("Failed to load image from path").
 */
function trayImage(image: unknown): NativeImage {
  if (image instanceof NativeImage) return image
  if (typeof image !== 'string') throw new Error('Argument must be a file path or a NativeImage')
  const loaded = new NativeImage(image)
  if (loaded.isEmpty()) throw new Error(`Failed to load image from path '${image}'`)
  return loaded
}

const trays = new Set<Tray>()

export class Tray extends EventEmitter {
  image: NativeImage
  toolTip = ''
  contextMenu: Menu | null = null
  /** What the person sees: on Linux, the menu as it was when last set (below). */
  shownMenu: MenuSnapshot | null = null
  private destroyed = false

  /** "Cannot create Tray before app is ready" (shell/browser/api/electron_api_tray.cc). */
  constructor(image: NativeImage | string) {
    requireReady('Cannot create Tray before app is ready')
    super()
    this.image = trayImage(image)
    trays.add(this)
    observe({ kind: 'tray', action: 'created', value: this.image.snapshot() })
  }
  static allForStandIn(): Tray[] {
    return [...trays]
  }
  /** A destroyed tray throws "Tray is destroyed" (electron_api_tray.cc, CheckAlive). */
  private requireAlive(): void {
    if (this.destroyed) throw new Error('Tray is destroyed')
  }
  setImage(image: NativeImage | string): void {
    this.requireAlive()
    this.image = trayImage(image)
    observe({ kind: 'tray', action: 'setImage', value: this.image.snapshot() })
  }
  setToolTip(toolTip: string): void {
    this.requireAlive()
    this.toolTip = toolTip
    observe({ kind: 'tray', action: 'setToolTip', value: toolTip })
  }
  /**
   * "Must pass Menu or null" (electron_api_tray.cc). On Linux "in order for changes made to
   * individual `MenuItem`s to take effect, you have to call `setContextMenu` again" (tray.md).
   */
  setContextMenu(menu: Menu | null): void {
    this.requireAlive()
    if (menu !== null && !(menu instanceof Menu)) throw new TypeError('Must pass Menu or null')
    this.contextMenu = menu
    this.shownMenu = menu ? snapshotMenu(menu) : null
    observe({ kind: 'tray', action: 'setContextMenu', value: this.shownMenu })
  }
  /** The menu the person sees when opening the icon's menu now. */
  menuForStandIn(): MenuSnapshot | null {
    if (process.platform === 'linux' || !this.contextMenu) return this.shownMenu
    return snapshotMenu(this.contextMenu)
  }
  /** "Destroys the tray icon immediately." */
  destroy(): void {
    if (this.destroyed) return
    this.destroyed = true
    trays.delete(this)
    observe({ kind: 'tray', action: 'destroy', value: null })
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
}

let nextNotificationId = 1
/** Notifications shown and not closed, by id: the ones a person can still click. */
const shownNotifications = new Map<number, Notification>()

export class Notification extends EventEmitter {
  readonly id = nextNotificationId++
  readonly title: string
  readonly body: string

  /** "Cannot create Notification before app is ready" (electron_api_notification.cc). */
  constructor(options: { title?: string; body?: string } = {}) {
    requireReady('Cannot create Notification before app is ready')
    super()
    this.title = options.title ?? ''
    this.body = options.body ?? ''
  }
  /** Whether the desktop has a notification presenter (a test can take it away). */
  static isSupported(): boolean {
    return standIn.notificationsSupported
  }
  /**
   * "Unlike the web notification API, instantiating a `new Notification()` does not immediately
   * show it to the user. Instead, you need to call this method" (notification.md, show).
   */
  show(): void {
    shownNotifications.set(this.id, this)
    observe({ kind: 'notification', id: this.id, title: this.title, body: this.body })
    this.emit('show', cancellable({}))
  }
  close(): void {
    if (!shownNotifications.delete(this.id)) return
    this.emit('close', cancellable({}))
  }
}

/** "Trying to use the module before the `ready` event will throw an error." (net.md) */
export const net = {
  fetch(input: string | Request | URL, init?: RequestInit): Promise<Response> {
    requireReady('net module can only be used after app is ready')
    return fetch(input, init)
  },
  isOnline(): boolean {
    return true
  }
}

// ---------------------------------------------------------------------------------------------
// The test's side: what Electron's own machinery and the page would do.

export const standIn = {
  /** How the process ends; the harness replaces it to flush its messages first. */
  exitProcess(code: number): void {
    process.exit(code)
  },

  observe(listener: (observation: Observation) => void): () => void {
    observers.add(listener)
    return () => observers.delete(listener)
  },

  /** Electron fires `ready` once the main script's first tick has run (app.md, 'ready'). */
  emitReady(): void {
    if (isReady) return
    isReady = true
    app.emit('will-finish-launching')
    app.emit('ready', cancellable({}), {})
    observe({ kind: 'app', event: 'ready' })
    resolveReady()
  },

  get privilegedSchemes(): CustomScheme[] | null {
    return privilegedSchemes
  },

  /** A child frame in `parent`'s page (the app's page has none; an attacker's might). */
  addSubframe(parent: WebFrameMain, url: string): WebFrameMain {
    return new WebFrameMain(webContentsOf(parent), parent, url)
  },

  /**
   * `ipcRenderer.invoke(channel, ...args)` from `frame`: the handler's result, structured-cloned
   * as IPC would. Without a handler the call fails as Electron fails it.
   */
  async invoke(frame: WebFrameMain, channel: string, args: unknown[]): Promise<unknown> {
    const handler = ipcMain.handlers.get(channel)
    if (!handler) throw new Error(`No handler registered for '${channel}'`)
    const contents = webContentsOf(frame)
    const event: InvokeEvent = {
      type: 'frame',
      processId: frame.processId,
      frameId: frame.routingId,
      sender: contents,
      get senderFrame() {
        return frame.isDestroyed() ? null : frame
      }
    }
    return structuredClone(await handler(event, ...structuredClone(args)))
  },

  /**
   * A request from the page to a custom scheme, answered by its `protocol.handle` handler. A
   * scheme registered as standard is parsed like http (host lower-cased, dot segments resolved),
   * as Chromium does before the handler sees it. As in Electron (lib/browser/api/protocol.ts), a
   * URL `Request` refuses or a handler that throws fails the request with net::ERR_UNEXPECTED,
   * and an error response with net::ERR_FAILED.
   */
  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const scheme = url.slice(0, url.indexOf(':'))
    const handler = session.defaultSession.protocol.handlers.get(scheme)
    if (!handler) throw new Error(`net::ERR_UNKNOWN_URL_SCHEME loading '${url}'`)
    const standard = privilegedSchemes?.some(
      (s) => s.scheme === scheme && s.privileges?.['standard']
    )
    const canonical = standard
      ? `${scheme}:${new URL(`http:${url.slice(scheme.length + 1)}`).href.slice('http:'.length)}`
      : url
    let response: Response
    try {
      response = await handler(new Request(canonical, init))
    } catch {
      throw new Error(`net::ERR_UNEXPECTED loading '${url}'`)
    }
    if (response.type === 'error') throw new Error(`net::ERR_FAILED loading '${url}'`)
    return response
  },

  /** A permission request from `contents`; with no handler Electron grants it (session.md). */
  requestPermission(contents: WebContents, permission: string): Promise<boolean> {
    const handler = contents.session.permissionRequestHandler
    if (!handler) return Promise.resolve(true)
    return new Promise((resolve) =>
      handler(contents, permission, resolve, {
        requestingUrl: contents.getURL(),
        isMainFrame: true
      })
    )
  },
  checkPermission(contents: WebContents, permission: string): boolean {
    const handler = contents.session.permissionCheckHandler
    if (!handler) return true
    const url = contents.getURL()
    return handler(contents, permission, url, { requestingUrl: url, isMainFrame: true })
  },
  checkDevicePermission(contents: WebContents, deviceType: string): boolean {
    const handler = contents.session.devicePermissionHandler
    return handler ? handler({ deviceType, origin: contents.getURL() }) : true
  },

  /** Response headers for `details`, after the session's onHeadersReceived listener. */
  headersReceived(
    contents: WebContents,
    details: HeadersReceivedDetails
  ): Promise<HeadersReceivedResponse> {
    const listener = contents.session.headersReceived
    if (!listener) return Promise.resolve({})
    return new Promise((resolve) => listener(details, resolve))
  },

  /** `window.open(url)` from the page: the window-open handler's verdict (allow by default). */
  windowOpen(contents: WebContents, url: string): 'allow' | 'deny' {
    const handler = contents.windowOpenHandler
    if (!handler) return 'allow'
    return handler({ url, frameName: '', features: '', disposition: 'foreground-tab' }).action
  },

  /** The page tries to navigate its main frame: true when a `will-navigate` listener stopped it. */
  navigate(contents: WebContents, url: string): boolean {
    const event = cancellable({
      url,
      isMainFrame: true,
      isSameDocument: false,
      frame: contents.mainFrame
    })
    contents.emit('will-navigate', event)
    if (!event.defaultPrevented) {
      const frameEvent = cancellable({
        url,
        isMainFrame: true,
        isSameDocument: false,
        frame: contents.mainFrame
      })
      contents.emit('will-frame-navigate', frameEvent)
      if (frameEvent.defaultPrevented) return true
      void contents.loadURL(url).catch(() => undefined)
    }
    return event.defaultPrevented
  },

  /** The person clicks a menu item, found by its labels from the top. */
  clickMenuItem(menu: Menu, labels: string[]): void {
    let items = menu.items
    let item: MenuItem | undefined
    for (const label of labels) {
      item = items.find((candidate) => candidate.label === label)
      if (!item) throw new Error(`No menu item "${label}" in ${labels.join(' > ')}`)
      items = item.submenu?.items ?? []
    }
    if (!item?.click) throw new Error(`Menu item ${labels.join(' > ')} does nothing when clicked`)
    // "If false, the menu item will be greyed out and unclickable" / "entirely hidden" (menu-item.md).
    if (!item.enabled || !item.visible) {
      throw new Error(
        `Menu item ${labels.join(' > ')} cannot be clicked: it is greyed out or hidden`
      )
    }
    item.click(item, BrowserWindow.getFocusedWindow(), {})
  },

  trays: () => Tray.allForStandIn(),

  /** The person clicks the tray icon ('click': the event, the icon's bounds, the position). */
  clickTray(tray: Tray): void {
    if (tray.isDestroyed()) throw new Error('The tray icon is gone')
    tray.emit('click', {}, { x: 0, y: 0, width: 22, height: 22 }, { x: 11, y: 11 })
  },

  /** False: the desktop has no notification service (Notification.isSupported). */
  notificationsSupported: true,

  /** The person clicks a notification that is still shown. */
  clickNotification(id: number): void {
    const notification = shownNotifications.get(id)
    if (!notification) throw new Error(`Notification ${id} is not shown`)
    notification.emit('click', cancellable({}))
  },

  /** macOS: the app was launched by its login item (getLoginItemSettings().wasOpenedAtLogin). */
  openedAtLogin: false,

  /** The system suspends or resumes. */
  powerEvent(event: 'suspend' | 'resume'): void {
    powerMonitor.emit(event, cancellable({}))
  }
}

function webContentsOf(frame: WebFrameMain): WebContents {
  return frameContents.get(frame)!
}

const electron = {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  MenuItem,
  nativeImage,
  nativeTheme,
  net,
  Notification,
  powerMonitor,
  protocol,
  screen,
  session,
  shell,
  Tray
}

export default electron
