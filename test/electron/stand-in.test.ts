/**
 * The stand-in Electron keeps the rules it claims (each from Electron's docs or source, cited in
 * stand-in.ts): a stand-in that let everything through would prove nothing about the app.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type * as StandInModule from './stand-in'
import type { Observation } from './stand-in'

type StandIn = typeof StandInModule

/** A fresh stand-in (its own `app`, not ready yet) whose exits and observations are recorded. */
async function fresh() {
  vi.resetModules()
  const electron: StandIn = await import('./stand-in')
  const observed: Observation[] = []
  const exits: number[] = []
  electron.standIn.observe((observation) => observed.push(observation))
  electron.standIn.exitProcess = (code) => void exits.push(code)
  const ready = () => electron.standIn.emitReady()
  const events = () =>
    observed.flatMap((o) =>
      o.kind === 'app' ? [`${o.event}${o.prevented ? ' (prevented)' : ''}`] : []
    )
  return { ...electron, observed, exits, ready, events }
}

let folder: string
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'stand-in-'))
})
afterEach(() => rmSync(folder, { recursive: true, force: true }))

/** The app's own PNG icons. */
const RESOURCES = join(import.meta.dirname, '..', '..', 'resources')
const ICON = join(RESOURCES, 'icon.png')

/** Runs `body` with process.platform reporting `platform`, as main-process.ts emulates it. */
function onPlatform<T>(platform: NodeJS.Platform, body: () => T): T {
  const real = Object.getOwnPropertyDescriptor(process, 'platform')!
  Object.defineProperty(process, 'platform', { value: platform })
  try {
    return body()
  } finally {
    Object.defineProperty(process, 'platform', real)
  }
}

describe('before and after ready', () => {
  it('registerSchemesAsPrivileged: only before ready, and only once', async () => {
    const before = await fresh()
    before.protocol.registerSchemesAsPrivileged([{ scheme: 'a', privileges: { standard: true } }])
    expect(() => before.protocol.registerSchemesAsPrivileged([{ scheme: 'b' }])).toThrow(
      /only once/
    )

    const after = await fresh()
    after.ready()
    expect(() => after.protocol.registerSchemesAsPrivileged([{ scheme: 'a' }])).toThrow(
      'protocol.registerSchemesAsPrivileged should be called before app is ready'
    )
  })

  it('app.enableSandbox: only before ready', async () => {
    const electron = await fresh()
    electron.app.enableSandbox()
    electron.ready()
    expect(() => electron.app.enableSandbox()).toThrow(
      'app.enableSandbox() can only be called before app is ready'
    )
  })

  it('protocol.handle, new BrowserWindow, session, screen, Tray, Notification, net: only after ready', async () => {
    const electron = await fresh()
    const handler = () => new Response('x')
    expect(() => electron.protocol.handle('a', handler)).toThrow('Session can only be received')
    expect(() => new electron.BrowserWindow()).toThrow(
      'Cannot create BrowserWindow before app is ready'
    )
    expect(() => electron.session.defaultSession).toThrow('Session can only be received')
    expect(() => electron.screen.getPrimaryDisplay()).toThrow(
      "can't be used before the app 'ready'"
    )
    expect(() => new electron.Tray(ICON)).toThrow('Cannot create Tray before app is ready')
    expect(() => new electron.Notification({ title: 't' })).toThrow('Cannot create Notification')
    expect(() => electron.net.fetch('http://127.0.0.1:9/')).toThrow('net module can only be used')

    electron.ready()
    electron.protocol.handle('a', handler)
    expect(electron.protocol.isProtocolHandled('a')).toBe(true)
    expect(new electron.BrowserWindow({ show: false }).isDestroyed()).toBe(false)
    expect(electron.screen.getPrimaryDisplay().workArea.width).toBeGreaterThan(0)
    expect(new electron.Tray(ICON).isDestroyed()).toBe(false)
    new electron.Notification({ title: 't' }).show()
    expect(electron.observed).toContainEqual({ kind: 'notification', id: 1, title: 't', body: '' })
  })

  it('powerMonitor: listeners may be added before ready, and get the system events', async () => {
    const electron = await fresh()
    const resumed = vi.fn()
    electron.powerMonitor.on('resume', resumed)
    electron.ready()
    electron.standIn.powerEvent('resume')
    expect(resumed).toHaveBeenCalledTimes(1)
  })

  it('dialogs wait for ready, except the error box', async () => {
    const electron = await fresh()
    await expect(electron.dialog.showMessageBox({ message: 'm' })).rejects.toThrow(
      'dialog module can only be used after app is ready'
    )
    await expect(electron.dialog.showOpenDialog({})).rejects.toThrow('dialog module')
    electron.dialog.showErrorBox('Title', 'Content')
    expect(electron.observed).toContainEqual({
      kind: 'dialog',
      method: 'showErrorBox',
      options: { title: 'Title', content: 'Content' }
    })
  })

  it('the `ready` event fires once and app.whenReady resolves', async () => {
    const electron = await fresh()
    const listener = vi.fn()
    electron.app.on('ready', listener)
    expect(electron.app.isReady()).toBe(false)
    electron.ready()
    electron.ready()
    await electron.app.whenReady()
    expect(electron.app.isReady()).toBe(true)
    expect(listener).toHaveBeenCalledTimes(1)
  })
})

describe('app paths', () => {
  it('setPath refuses a folder that does not exist, a relative path and an unknown name', async () => {
    const { app } = await fresh()
    expect(() => app.setPath('userData', join(folder, 'missing'))).toThrow('Failed to set path')
    expect(() => app.setPath('userData', 'relative/data')).toThrow('Path must be absolute')
    expect(() => app.setPath('nonsense', folder)).toThrow('Failed to set path')
    writeFileSync(join(folder, 'file'), '')
    expect(() => app.setPath('userData', join(folder, 'file'))).toThrow('Failed to set path')

    app.setPath('userData', folder)
    expect(app.getPath('userData')).toBe(folder)
    expect(() => app.getPath('nonsense')).toThrow("Failed to get 'nonsense' path")
  })

  it('userData defaults to appData plus the productName from package.json', async () => {
    const { app } = await fresh()
    writeFileSync(
      join(folder, 'package.json'),
      JSON.stringify({ name: 'x', productName: 'X App', version: '1.2.3' })
    )
    app.setAppPathForStandIn(folder)
    app.setPath('appData', folder)
    expect(app.name).toBe('X App')
    expect(app.getVersion()).toBe('1.2.3')
    expect(app.getPath('userData')).toBe(join(folder, 'X App'))
  })
})

describe('quitting', () => {
  it('will-quit can be prevented; a later quit goes through', async () => {
    const electron = await fresh()
    electron.ready()
    let prevent = true
    electron.app.on('will-quit', (event: { preventDefault(): void }) => {
      if (prevent) event.preventDefault()
    })
    const win = new electron.BrowserWindow({ show: false })
    electron.app.quit()
    expect(win.isDestroyed()).toBe(true)
    expect(electron.exits).toEqual([])

    prevent = false
    electron.app.quit()
    expect(electron.events()).toEqual([
      'ready',
      'before-quit',
      'will-quit (prevented)',
      'before-quit',
      'will-quit',
      'quit'
    ])
    expect(electron.exits).toEqual([0])
  })

  it('before-quit can be prevented, and then no window is closed', async () => {
    const electron = await fresh()
    electron.ready()
    electron.app.once('before-quit', (event: { preventDefault(): void }) => event.preventDefault())
    const win = new electron.BrowserWindow({ show: false })
    electron.app.quit()
    expect(win.isDestroyed()).toBe(false)
    expect(electron.exits).toEqual([])
  })

  it('closing the last window quits, unless window-all-closed has a listener', async () => {
    const quits = await fresh()
    quits.ready()
    new quits.BrowserWindow({ show: false }).close()
    expect(quits.exits).toEqual([0])

    const stays = await fresh()
    stays.ready()
    const allClosed = vi.fn()
    stays.app.on('window-all-closed', allClosed)
    new stays.BrowserWindow({ show: false }).close()
    expect(allClosed).toHaveBeenCalledTimes(1)
    expect(stays.exits).toEqual([])
  })

  it('app.exit skips before-quit and will-quit, destroys the windows and exits with the code', async () => {
    const electron = await fresh()
    electron.ready()
    const allClosed = vi.fn()
    electron.app.on('window-all-closed', allClosed)
    const win = new electron.BrowserWindow({ show: false })
    electron.app.exit(3)
    expect(win.isDestroyed()).toBe(true)
    expect(allClosed).not.toHaveBeenCalled()
    expect(electron.events()).toEqual(['ready', 'quit'])
    expect(electron.exits).toEqual([3])
  })

  it('a window whose close is prevented stays open', async () => {
    const electron = await fresh()
    electron.ready()
    const win = new electron.BrowserWindow({ show: false })
    win.on('close', (event: { preventDefault(): void }) => event.preventDefault())
    win.close()
    expect(win.isDestroyed()).toBe(false)
  })
})

describe('windows and pages', () => {
  it('loadFile resolves for a file that exists, then a hidden window gets ready-to-show', async () => {
    const electron = await fresh()
    electron.ready()
    writeFileSync(join(folder, 'index.html'), '<!doctype html>')
    const win = new electron.BrowserWindow({ show: false })
    const readyToShow = new Promise((resolve) => win.once('ready-to-show', resolve))
    await win.loadFile(join(folder, 'index.html'))
    await readyToShow
    expect(win.webContents.getURL()).toBe(pathToFileURL(join(folder, 'index.html')).href)
  })

  it('loadFile rejects for a missing file as Chromium does (ERR_FILE_NOT_FOUND, -6)', async () => {
    const electron = await fresh()
    electron.ready()
    const win = new electron.BrowserWindow({ show: false })
    const failed = vi.fn()
    win.webContents.on('did-fail-load', failed)
    const missing = join(folder, 'missing.html')
    await expect(win.loadFile(missing)).rejects.toMatchObject({
      errno: -6,
      code: 'ERR_FILE_NOT_FOUND',
      url: pathToFileURL(missing).href
    })
    expect(failed).toHaveBeenCalledTimes(1)
  })

  it('loadURL loads from a server that answers, and fails as Chromium does when none listens', async () => {
    const electron = await fresh()
    electron.ready()
    const server = createServer((_request, response) => response.end('<!doctype html>'))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
    const win = new electron.BrowserWindow({ show: false })
    await win.loadURL(url)
    await new Promise((resolve) => server.close(resolve))
    await expect(win.loadURL(url)).rejects.toMatchObject({
      errno: -102,
      code: 'ERR_CONNECTION_REFUSED'
    })
  })

  it('a destroyed window or webContents throws "Object has been destroyed"', async () => {
    const electron = await fresh()
    electron.ready()
    const win = new electron.BrowserWindow({ show: false })
    const { webContents } = win
    win.destroy()
    expect(() => win.show()).toThrow('Object has been destroyed')
    expect(() => webContents.send('channel')).toThrow('Object has been destroyed')
  })

  it('messages to a page are structured-cloned: a function cannot be sent', async () => {
    const electron = await fresh()
    electron.ready()
    const win = new electron.BrowserWindow({ show: false })
    win.webContents.send('channel', { value: 1 })
    expect(electron.observed).toContainEqual({
      kind: 'send',
      webContentsId: win.webContents.id,
      channel: 'channel',
      args: [{ value: 1 }]
    })
    expect(() => win.webContents.send('channel', { callback: () => undefined })).toThrow()
  })

  it('`show` defaults to true', async () => {
    const electron = await fresh()
    electron.ready()
    expect(new electron.BrowserWindow().isVisible()).toBe(true)
    expect(new electron.BrowserWindow({ show: false }).isVisible()).toBe(false)
  })
})

describe('IPC', () => {
  it('ipcMain.handle twice on one channel throws; after removeHandler it can be set again', async () => {
    const { ipcMain } = await fresh()
    ipcMain.handle('channel', () => 1)
    expect(() => ipcMain.handle('channel', () => 2)).toThrow(
      "Attempted to register a second handler for 'channel'"
    )
    ipcMain.removeHandler('channel')
    ipcMain.handle('channel', () => 3)
  })

  it('invoke reaches the handler with the sender, and fails without one', async () => {
    const electron = await fresh()
    electron.ready()
    const win = new electron.BrowserWindow({ show: false })
    electron.ipcMain.handle('add', (event, a, b) => ({
      sum: (a as number) + (b as number),
      sender: event.sender.id,
      top: event.senderFrame?.parent === null
    }))
    const frame = win.webContents.mainFrame
    await expect(electron.standIn.invoke(frame, 'add', [1, 2])).resolves.toEqual({
      sum: 3,
      sender: win.webContents.id,
      top: true
    })
    await expect(electron.standIn.invoke(frame, 'missing', [])).rejects.toThrow(
      "No handler registered for 'missing'"
    )
  })

  it('senderFrame is null once the frame is gone', async () => {
    const electron = await fresh()
    electron.ready()
    const win = new electron.BrowserWindow({ show: false })
    electron.ipcMain.handle('frame', (event) => event.senderFrame === null)
    const frame = win.webContents.mainFrame
    win.destroy()
    await expect(electron.standIn.invoke(frame, 'frame', [])).resolves.toBe(true)
  })
})

describe('protocol, session, menus and theme', () => {
  it('protocol.handle twice on one scheme throws', async () => {
    const electron = await fresh()
    electron.ready()
    electron.protocol.handle('a', () => new Response('1'))
    expect(() => electron.protocol.handle('a', () => new Response('2'))).toThrow(
      'Failed to register protocol: a'
    )
  })

  it('a standard scheme reaches its handler parsed like http', async () => {
    const electron = await fresh()
    electron.protocol.registerSchemesAsPrivileged([
      { scheme: 'media', privileges: { standard: true } }
    ])
    electron.ready()
    electron.protocol.handle('media', (request) => new Response(request.url))
    const response = await electron.standIn.request('media://HOST/a/../b')
    expect(await response.text()).toBe('media://host/b')
  })

  it('permissions are granted unless a handler says otherwise', async () => {
    const electron = await fresh()
    electron.ready()
    const { webContents } = new electron.BrowserWindow({ show: false })
    await expect(electron.standIn.requestPermission(webContents, 'media')).resolves.toBe(true)
    electron.session.defaultSession.setPermissionRequestHandler(
      (_contents, _permission, callback) => callback(false)
    )
    await expect(electron.standIn.requestPermission(webContents, 'media')).resolves.toBe(false)
  })

  it('Menu.buildFromTemplate checks the template as Electron does', async () => {
    const { Menu } = await fresh()
    expect(() => Menu.buildFromTemplate({} as never)).toThrow('Menu template must be an array')
    expect(() => Menu.buildFromTemplate([{ accelerator: 'X' }])).toThrow(
      'must have at least one of label, role or type'
    )
    expect(() => Menu.buildFromTemplate([{ label: 'x', type: 'bogus' }])).toThrow(
      'Unknown menu item type: bogus'
    )
    expect(() => Menu.buildFromTemplate([{ label: 'x', type: 'submenu' }])).toThrow(
      'Invalid submenu'
    )
    const menu = Menu.buildFromTemplate([{ role: 'editMenu' }, { type: 'separator' }])
    expect(menu.items.map((item) => [item.role, item.type])).toEqual([
      ['editmenu', 'normal'],
      [null, 'separator']
    ])
  })

  it('setting nativeTheme.themeSource emits updated and decides shouldUseDarkColors', async () => {
    const { nativeTheme } = await fresh()
    const updated = vi.fn()
    nativeTheme.on('updated', updated)
    nativeTheme.themeSource = 'dark'
    expect(nativeTheme.shouldUseDarkColors).toBe(true)
    nativeTheme.themeSource = 'light'
    expect(nativeTheme.shouldUseDarkColors).toBe(false)
    expect(updated).toHaveBeenCalledTimes(2)
  })
})

describe('windows: focus, close and the taskbar', () => {
  it('show gives focus, a hidden window cannot take it, blur gives it up', async () => {
    const electron = await fresh()
    electron.ready()
    const first = new electron.BrowserWindow({ show: false })
    const events: string[] = []
    first.on('focus', () => events.push('focus'))
    first.on('blur', () => events.push('blur'))
    first.focus()
    expect(first.isFocused()).toBe(false)
    first.show()
    expect(first.isFocused()).toBe(true)
    expect(electron.BrowserWindow.getFocusedWindow()).toBe(first)

    const second = new electron.BrowserWindow()
    expect(second.isFocused()).toBe(true)
    expect(first.isFocused()).toBe(false)
    first.focus()
    second.blur()
    first.blur()
    expect(electron.BrowserWindow.getFocusedWindow()).toBeNull()
    expect(events).toEqual(['focus', 'blur', 'focus', 'blur'])
    second.show()
    second.hide()
    expect(second.isFocused()).toBe(false)
  })

  it('a destroyed window is no longer the focused one', async () => {
    const electron = await fresh()
    electron.ready()
    const win = new electron.BrowserWindow()
    win.destroy()
    expect(electron.BrowserWindow.getFocusedWindow()).toBeNull()
  })

  it('setProgressBar: the mode shows on Windows only; < 0 removes the bar, > 1 is indeterminate', async () => {
    const electron = await fresh()
    electron.ready()
    const win = new electron.BrowserWindow({ show: false })
    const shown = (platform: NodeJS.Platform, progress: number, mode?: string) =>
      onPlatform(platform, () => {
        win.setProgressBar(progress, mode === undefined ? undefined : { mode })
        const last = electron.observed.at(-1)!
        return last.kind === 'progress' ? last.shows : null
      })
    expect(shown('win32', 0.5, 'paused')).toEqual({ state: 'paused', fraction: 0.5 })
    expect(shown('win32', 0.25, 'error')).toEqual({ state: 'error', fraction: 0.25 })
    expect(shown('win32', 0.5, 'bogus')).toEqual({ state: 'normal', fraction: 0.5 })
    expect(shown('win32', 0.5, 'none')).toEqual({ state: 'none', fraction: null })
    expect(shown('win32', 2)).toEqual({ state: 'indeterminate', fraction: null })
    expect(shown('win32', -1, 'paused')).toEqual({ state: 'none', fraction: null })
    expect(shown('darwin', 0.5, 'paused')).toEqual({ state: 'normal', fraction: 0.5 })
    expect(shown('darwin', 0, 'error')).toEqual({ state: 'normal', fraction: 0 })
    expect(shown('darwin', 2)).toEqual({ state: 'indeterminate', fraction: null })
    expect(shown('linux', 0.5, 'paused')).toEqual({ state: 'normal', fraction: 0.5 })
    expect(shown('linux', 0)).toEqual({ state: 'none', fraction: null })
    expect(shown('linux', 1)).toEqual({ state: 'none', fraction: null })
    expect(electron.observed.at(-1)).toMatchObject({ kind: 'progress', progress: 1, mode: null })

    expect(() => win.setProgressBar('half' as never)).toThrow(TypeError)
    win.destroy()
    expect(() => win.setProgressBar(0.5)).toThrow('Object has been destroyed')
  })
})

describe('tray, images, notifications and login items', () => {
  it('nativeImage.createFromPath: empty for a missing file or one that is not an image', async () => {
    const { nativeImage } = await fresh()
    writeFileSync(join(folder, 'text.png'), 'not an image')
    expect(nativeImage.createFromPath(join(folder, 'missing.png')).isEmpty()).toBe(true)
    expect(nativeImage.createFromPath(join(folder, 'text.png')).isEmpty()).toBe(true)
    expect(nativeImage.createFromPath(ICON).isEmpty()).toBe(false)

    // A representation from a PNG buffer fills an empty image; other bytes do not.
    const empty = nativeImage.createEmpty()
    empty.addRepresentation({ scaleFactor: 2, buffer: Buffer.from('not an image') })
    expect(empty.isEmpty()).toBe(true)
    empty.addRepresentation({ scaleFactor: 2, buffer: readFileSync(ICON) })
    expect(empty.snapshot()).toMatchObject({ empty: false, scaleFactors: [2] })
  })

  it('template images are a macOS matter: by name (with the @2x file) or setTemplateImage', async () => {
    const { nativeImage } = await fresh()
    const template = join(RESOURCES, 'trayTemplate.png')
    const onMac = onPlatform('darwin', () => nativeImage.createFromPath(template))
    expect(onMac.snapshot()).toMatchObject({ template: true, scaleFactors: [1, 2] })

    const elsewhere = onPlatform('linux', () => {
      const image = nativeImage.createFromPath(template)
      image.setTemplateImage(true)
      return image
    })
    expect(elsewhere.snapshot()).toMatchObject({ template: false, scaleFactors: [1] })

    copyFileSync(ICON, join(folder, 'plain.png'))
    const marked = onPlatform('darwin', () => {
      const image = nativeImage.createFromPath(join(folder, 'plain.png'))
      const before = image.isTemplateImage()
      image.setTemplateImage(true)
      return [before, image.isTemplateImage()]
    })
    expect(marked).toEqual([false, true])
  })

  it('a tray takes a NativeImage (even empty) or a path that loads, and a Menu or null', async () => {
    const electron = await fresh()
    electron.ready()
    const missing = join(folder, 'missing.png')
    expect(() => new electron.Tray(missing)).toThrow(`Failed to load image from path '${missing}'`)
    expect(() => new electron.Tray(7 as never)).toThrow(
      'Argument must be a file path or a NativeImage'
    )
    const blank = new electron.Tray(electron.nativeImage.createFromPath(missing))
    expect(blank.image.isEmpty()).toBe(true)
    const tray = new electron.Tray(ICON)
    expect(() => tray.setImage(missing)).toThrow('Failed to load image from path')
    expect(() => tray.setContextMenu([{ label: 'x' }] as never)).toThrow('Must pass Menu or null')
    tray.setContextMenu(null)
    expect(tray.menuForStandIn()).toBeNull()
  })

  it('on Linux a changed menu item shows only once setContextMenu is called again', async () => {
    const electron = await fresh()
    electron.ready()
    const tray = new electron.Tray(ICON)
    const menu = electron.Menu.buildFromTemplate([{ label: 'Pause crawl' }])
    tray.setContextMenu(menu)
    menu.items[0]!.enabled = false
    const enabled = () => tray.menuForStandIn()![0]!.enabled
    expect(onPlatform('linux', enabled)).toBe(true)
    expect(onPlatform('win32', enabled)).toBe(false)
    tray.setContextMenu(menu)
    expect(onPlatform('linux', enabled)).toBe(false)
  })

  it('a tray emits click when the person clicks it, and refuses calls once destroyed', async () => {
    const electron = await fresh()
    electron.ready()
    const tray = new electron.Tray(ICON)
    const clicked = vi.fn()
    tray.on('click', clicked)
    electron.standIn.clickTray(tray)
    expect(clicked).toHaveBeenCalledTimes(1)
    tray.destroy()
    tray.destroy()
    expect(() => tray.setToolTip('x')).toThrow('Tray is destroyed')
    expect(() => tray.setContextMenu(null)).toThrow('Tray is destroyed')
    expect(electron.standIn.trays()).toEqual([])
  })

  it('a greyed-out or hidden menu item cannot be clicked', async () => {
    const { Menu, standIn } = await fresh()
    const click = vi.fn()
    const menu = Menu.buildFromTemplate([
      { label: 'Greyed', enabled: false, click },
      { label: 'Hidden', visible: false, click },
      { label: 'Live', click }
    ])
    expect(() => standIn.clickMenuItem(menu, ['Greyed'])).toThrow('cannot be clicked')
    expect(() => standIn.clickMenuItem(menu, ['Hidden'])).toThrow('cannot be clicked')
    standIn.clickMenuItem(menu, ['Live'])
    expect(click).toHaveBeenCalledTimes(1)
  })

  it('a notification shows only when show() is called; a shown one can be clicked', async () => {
    const electron = await fresh()
    electron.ready()
    const notification = new electron.Notification({ title: 'Crawl finished', body: 'Saved 3' })
    const clicked = vi.fn()
    notification.on('click', clicked)
    expect(electron.observed.filter((o) => o.kind === 'notification')).toEqual([])
    expect(() => electron.standIn.clickNotification(notification.id)).toThrow('is not shown')
    notification.show()
    electron.standIn.clickNotification(notification.id)
    expect(clicked).toHaveBeenCalledTimes(1)
    notification.close()
    expect(() => electron.standIn.clickNotification(notification.id)).toThrow('is not shown')

    expect(electron.Notification.isSupported()).toBe(true)
    electron.standIn.notificationsSupported = false
    expect(electron.Notification.isSupported()).toBe(false)
  })

  it('login items: Windows keeps the command line, macOS the item, Linux nothing', async () => {
    const { app, observed } = await fresh()
    const args = ['--started-at-login']
    const windows = onPlatform('win32', () => {
      app.setLoginItemSettings({ openAtLogin: true, args })
      return [app.getLoginItemSettings({ args }), app.getLoginItemSettings()]
    })
    expect(windows[0]).toMatchObject({ openAtLogin: true, executableWillLaunchAtLogin: true })
    // Asked without the arguments it was set with, Windows does not recognise the entry.
    expect(windows[1]).toMatchObject({ openAtLogin: false, executableWillLaunchAtLogin: true })
    expect(windows[0]!.launchItems).toEqual([
      { path: process.execPath, args, scope: 'user', enabled: true }
    ])
    onPlatform('win32', () => app.setLoginItemSettings({ openAtLogin: false, args }))
    expect(onPlatform('win32', () => app.getLoginItemSettings({ args }).openAtLogin)).toBe(false)

    const mac = onPlatform('darwin', () => {
      app.setLoginItemSettings({ openAtLogin: true })
      return app.getLoginItemSettings()
    })
    expect(mac).toMatchObject({ openAtLogin: true, status: 'enabled', wasOpenedAtLogin: false })

    const linux = onPlatform('linux', () => {
      app.setLoginItemSettings({ openAtLogin: true })
      return app.getLoginItemSettings()
    })
    expect(linux).toEqual({
      openAtLogin: false,
      wasOpenedAtLogin: false,
      executableWillLaunchAtLogin: false
    })
    expect(observed.filter((o) => o.kind === 'login-item').map((o) => o.platform)).toEqual([
      'win32',
      'win32',
      'darwin',
      'linux'
    ])
  })
})
