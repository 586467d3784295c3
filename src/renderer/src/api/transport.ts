/**
 * How the page reaches the app. In Electron the preload exposes `window.galleryTransport`
 * (IPC); in a plain browser the page talks to the browser bridge over a WebSocket at /api.
 * Both carry the same contract (src/shared/api.ts), so the UI never knows which one it has.
 */
import { isApiEvent, type ApiEvent, type ApiMethod } from '@shared/api'
import {
  createGalleryClient,
  type GalleryClient,
  type GalleryTransport,
  type Listener
} from '@shared/client'
import type { Result } from '@shared/errors'

declare global {
  interface Window {
    galleryTransport?: GalleryTransport
  }
}

/** Bridge wire format: page → server `{ id, method, args }`; server → page `{ id, result }` or `{ event, payload }`. */
type ServerMessage = { id: number; result: Result<unknown> } | { event: ApiEvent; payload: unknown }

export function webSocketTransport(url: string): GalleryTransport {
  const listeners = new Map<ApiEvent, Set<(payload: unknown) => void>>()
  const pending = new Map<number, (result: Result<unknown>) => void>()
  let nextId = 1
  let socket: WebSocket | null = null
  let opened: Promise<WebSocket> | null = null

  const disconnected = (message: string): Result<never> => ({
    ok: false,
    error: { code: 'disconnected', message }
  })
  const fail = (message: string) => {
    for (const settle of pending.values()) settle(disconnected(message))
    pending.clear()
  }

  const connect = (): Promise<WebSocket> => {
    opened ??= new Promise((resolve, reject) => {
      const ws = new WebSocket(url)
      ws.onopen = () => {
        socket = ws
        resolve(ws)
      }
      ws.onerror = () => reject(new Error('Cannot reach the Earth View Gallery service.'))
      ws.onclose = () => {
        socket = null
        opened = null
        fail(
          'The connection to the Earth View Gallery service was lost. Reload the page to reconnect.'
        )
      }
      ws.onmessage = (message) => {
        const data = JSON.parse(String(message.data)) as ServerMessage
        if ('event' in data) {
          if (!isApiEvent(data.event)) return
          for (const listener of listeners.get(data.event) ?? []) listener(data.payload)
        } else {
          pending.get(data.id)?.(data.result)
          pending.delete(data.id)
        }
      }
    })
    return opened
  }

  return {
    async invoke(method: ApiMethod, args: unknown[]) {
      let ws: WebSocket
      try {
        ws = socket ?? (await connect())
      } catch (error) {
        return disconnected((error as Error).message)
      }
      const id = nextId++
      return new Promise<Result<unknown>>((resolve) => {
        pending.set(id, resolve)
        ws.send(JSON.stringify({ id, method, args }))
      })
    },
    on<E extends ApiEvent>(event: E, listener: Listener<E>) {
      void connect().catch(() => undefined)
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      const untyped = listener as (payload: unknown) => void
      set.add(untyped)
      return () => set.delete(untyped)
    }
  }
}

export const isElectron = typeof window !== 'undefined' && window.galleryTransport !== undefined

/** URL of a library image or its thumbnail: the custom scheme in Electron, /media on the bridge. */
export function mediaUrl(kind: 'image' | 'thumb', id: number, version?: string | number): string {
  const suffix = version === undefined ? '' : `?v=${encodeURIComponent(String(version))}`
  return isElectron ? `earthview://${kind}/${id}${suffix}` : `/media/${kind}/${id}${suffix}`
}

let client: GalleryClient | null = null

export function gallery(): GalleryClient {
  client ??= createGalleryClient(
    window.galleryTransport ??
      webSocketTransport(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api`)
  )
  return client
}
