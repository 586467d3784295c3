/**
 * The stand-in Electron keeps the rules it claims (each from Electron's docs or source, cited in
 * stand-in.ts): a stand-in that let everything through would prove nothing about the app.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
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
    expect(() => new electron.Tray('/icon.png')).toThrow('Cannot create Tray before app is ready')
    expect(() => new electron.Notification({ title: 't' })).toThrow('Cannot create Notification')
    expect(() => electron.net.fetch('http://127.0.0.1:9/')).toThrow('net module can only be used')

    electron.ready()
    electron.protocol.handle('a', handler)
    expect(electron.protocol.isProtocolHandled('a')).toBe(true)
    expect(new electron.BrowserWindow({ show: false }).isDestroyed()).toBe(false)
    expect(electron.screen.getPrimaryDisplay().workArea.width).toBeGreaterThan(0)
    expect(new electron.Tray('/icon.png').isDestroyed()).toBe(false)
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

  it('a tray shows the menu it was last given, and refuses calls once destroyed', async () => {
    const electron = await fresh()
    electron.ready()
    const tray = new electron.Tray(electron.nativeImage.createFromPath(join(folder, 'missing.png')))
    expect(tray.image.isEmpty()).toBe(true)
    tray.setContextMenu(electron.Menu.buildFromTemplate([{ label: 'Next wallpaper' }]))
    expect(electron.observed).toContainEqual({
      kind: 'tray',
      action: 'setContextMenu',
      value: [expect.objectContaining({ label: 'Next wallpaper', type: 'normal' })]
    })
    tray.destroy()
    expect(() => tray.setToolTip('x')).toThrow('Object has been destroyed')
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
