/**
 * Turns a transport (Electron's preload, or the browser bridge's WebSocket) into the typed
 * `GalleryApi`. Errors arrive as data and are thrown here as `GalleryError`, so the page sees the
 * same error whichever transport carried it.
 */
import {
  API_METHODS,
  type ApiEvent,
  type ApiMethod,
  type GalleryApi,
  type GalleryEvents
} from './api'
import { GalleryError, type Result } from './errors'

export type Listener<E extends ApiEvent> = (payload: GalleryEvents[E]) => void

export interface GalleryTransport {
  invoke(method: ApiMethod, args: unknown[]): Promise<Result<unknown>>
  /** Subscribes to one event; returns the unsubscribe function. */
  on<E extends ApiEvent>(event: E, listener: Listener<E>): () => void
}

export type GalleryClient = GalleryApi & {
  on<E extends ApiEvent>(event: E, listener: Listener<E>): () => void
}

export function createGalleryClient(transport: GalleryTransport): GalleryClient {
  const client: Record<string, unknown> = {
    on: <E extends ApiEvent>(event: E, listener: Listener<E>) => transport.on(event, listener)
  }
  for (const method of API_METHODS) {
    client[method] = async (...args: unknown[]) => {
      const result = await transport.invoke(method, args)
      if (!result.ok) throw new GalleryError(result.error.code, result.error.message, result.error)
      return result.value
    }
  }
  return client as unknown as GalleryClient
}
