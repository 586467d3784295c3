/**
 * The page's only door to the app: `window.galleryTransport`, two functions that carry the
 * contract in src/shared/api.ts over IPC. Names are checked against the contract here and again
 * (with the arguments) in the main process; ipcRenderer itself never reaches the page, and
 * listeners receive the payload only, never Electron's event.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { ipcChannel, isApiEvent, isApiMethod, type ApiEvent, type ApiMethod } from '@shared/api'
import type { GalleryTransport, Listener } from '@shared/client'
import type { Result } from '@shared/errors'

const refused = (message: string): Result<never> => ({
  ok: false,
  error: { code: 'invalid-argument', message }
})

const transport: GalleryTransport = {
  async invoke(method: ApiMethod, args: unknown[]): Promise<Result<unknown>> {
    if (!isApiMethod(method)) return refused(`There is no method called "${String(method)}".`)
    if (!Array.isArray(args)) return refused(`The arguments of ${method} must be a list.`)
    try {
      return (await ipcRenderer.invoke(ipcChannel.method(method), ...args)) as Result<unknown>
    } catch (error) {
      return { ok: false, error: { code: 'internal', message: (error as Error).message } }
    }
  },

  on<E extends ApiEvent>(event: E, listener: Listener<E>): () => void {
    if (!isApiEvent(event)) throw new TypeError(`There is no event called "${String(event)}".`)
    if (typeof listener !== 'function') throw new TypeError('The listener must be a function.')
    const channel = ipcChannel.event(event)
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload as never)
    ipcRenderer.on(channel, forward)
    return () => {
      ipcRenderer.removeListener(channel, forward)
    }
  }
}

contextBridge.exposeInMainWorld('galleryTransport', transport)
