import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { BrowserWindow, IpcMainInvokeEvent } from 'electron'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import * as standInElectron from '../../test/electron/stand-in'
import type { AppPage } from './core/security/app-page'
import { isTrustedSender } from './ipc'

// ipc.ts imports ipcMain; importing the real package here would try to download Electron.
vi.mock('electron', () => import('../../test/electron/stand-in'))

const { standIn } = standInElectron
type StandInWindow = InstanceType<typeof standInElectron.BrowserWindow>
type Frame = InstanceType<typeof standInElectron.WebFrameMain>

describe('isTrustedSender', () => {
  let folder: string
  let page: AppPage
  let win: StandInWindow
  const window = () => win as unknown as BrowserWindow

  /** The event `ipcMain.handle` gets for a message from `frame` of `from`'s page. */
  const from = (frame: Frame | null, contents = win.webContents) =>
    ({ sender: contents, senderFrame: frame }) as unknown as IpcMainInvokeEvent

  const open = async (file = page.rendererFile) => {
    const opened = new standInElectron.BrowserWindow({ show: false })
    await opened.loadFile(file)
    return opened
  }

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'trusted-sender-'))
    page = { rendererFile: join(folder, 'index.html'), devServerUrl: null }
    writeFileSync(page.rendererFile, '<!doctype html>')
    writeFileSync(join(folder, 'other.html'), '<!doctype html>')
    // Closing the last window would quit, which here would end the test worker.
    standIn.exitProcess = (code) => {
      throw new Error(`the app would have exited with ${code}`)
    }
    standIn.emitReady()
    win = await open()
  })
  afterAll(() => rmSync(folder, { recursive: true, force: true }))

  it("trusts the window's top frame on the app page", () => {
    expect(isTrustedSender(from(win.webContents.mainFrame), window, page)).toBe(true)
  })

  it('refuses another window, even on the same page', async () => {
    const other = await open()
    expect(
      isTrustedSender(from(other.webContents.mainFrame, other.webContents), window, page)
    ).toBe(false)
    // Another window's frame claimed to come from ours: the frame does not match our page's.
    expect(isTrustedSender(from(other.webContents.mainFrame), window, page)).toBe(false)
    other.destroy()
  })

  it('refuses a subframe, even one showing the app page', () => {
    const child = standIn.addSubframe(
      win.webContents.mainFrame,
      pathToFileURL(page.rendererFile).href
    )
    expect(isTrustedSender(from(child), window, page)).toBe(false)
  })

  it('refuses the top frame once it shows another URL', () => {
    const frame = win.webContents.mainFrame
    for (const url of [
      pathToFileURL(join(folder, 'other.html')).href,
      'https://example.com/',
      `${pathToFileURL(page.rendererFile).href.replace('file://', 'file://host')}`
    ]) {
      frame.url = url
      expect(isTrustedSender(from(frame), window, page), url).toBe(false)
    }
    frame.url = pathToFileURL(page.rendererFile).href
    expect(isTrustedSender(from(frame), window, page)).toBe(true)
  })

  it('refuses a frame from before the page was loaded again (a stale frame token)', async () => {
    const stale = win.webContents.mainFrame
    await win.loadFile(page.rendererFile)
    expect(isTrustedSender(from(stale), window, page)).toBe(false)
    expect(isTrustedSender(from(win.webContents.mainFrame), window, page)).toBe(true)
  })

  it('refuses everything once the window is gone or when there is none', async () => {
    const doomed = await open()
    const frame = doomed.webContents.mainFrame
    const ref = () => doomed as unknown as BrowserWindow
    expect(isTrustedSender(from(frame, doomed.webContents), ref, page)).toBe(true)
    doomed.destroy()
    expect(isTrustedSender(from(frame, doomed.webContents), ref, page)).toBe(false)
    // What Electron passes once the frame is gone: no senderFrame at all.
    expect(isTrustedSender(from(null, doomed.webContents), ref, page)).toBe(false)
    expect(isTrustedSender(from(win.webContents.mainFrame), () => null, page)).toBe(false)
  })
})
