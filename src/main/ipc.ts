import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import { API_EVENTS, API_METHODS, ipcChannel, type GalleryApi } from '@shared/api'
import type { Result } from '@shared/errors'
import { createDispatcher } from './core/api/dispatch'
import { isAppPageUrl, type AppPage } from './core/security/app-page'
import type { GalleryService } from './core/service/gallery-service'

type WindowRef = () => BrowserWindow | null

const FORBIDDEN: Result<never> = {
  ok: false,
  error: { code: 'forbidden', message: 'Only the Earth View Gallery window may call the app.' }
}

/**
 * True only for our window's top frame showing our page. A subframe, another window or a page
 * that navigated away (it cannot, but if it did) gets nothing.
 */
export function isTrustedSender(event: IpcMainInvokeEvent, window: WindowRef, page: AppPage) {
  const win = window()
  const frame = event.senderFrame
  if (!win || win.isDestroyed() || !frame || frame.isDestroyed()) return false
  if (event.sender.id !== win.webContents.id) return false
  const main = win.webContents.mainFrame
  if (frame.parent !== null || frame.processId !== main.processId) return false
  if (frame.frameToken !== main.frameToken) return false
  return isAppPageUrl(frame.url, page)
}

/**
 * One `ipcMain.handle` per method of the contract, all through the same gate: the sender check,
 * then the dispatcher (name and arguments validated against the contract's schemas). Handlers
 * never throw: every outcome is a Result. Returns the function that removes them.
 */
export function registerGalleryIpc(
  api: GalleryApi,
  trusted: (event: IpcMainInvokeEvent) => boolean
): () => void {
  const dispatch = createDispatcher(api)
  for (const method of API_METHODS) {
    ipcMain.handle(ipcChannel.method(method), (event, ...args: unknown[]) =>
      trusted(event) ? dispatch(method, args) : FORBIDDEN
    )
  }
  return () => {
    for (const method of API_METHODS) ipcMain.removeHandler(ipcChannel.method(method))
  }
}

/** The service's events, to our window's page, while there is one. */
export function forwardGalleryEvents(service: GalleryService, window: WindowRef): () => void {
  const unsubscribe = API_EVENTS.map((event) =>
    service.on(event, (payload) => {
      const win = window()
      if (win && !win.isDestroyed() && !win.webContents.isDestroyed()) {
        win.webContents.send(ipcChannel.event(event), payload)
      }
    })
  )
  return () => unsubscribe.forEach((off) => off())
}
