import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { API_EVENTS } from '@shared/api'
import { createDispatcher } from '../api/dispatch'
import { mediaCacheControl, parseMediaPath } from '../media/media-url'
import type { GalleryService } from '../service/gallery-service'
import { BRIDGE_CSP, rendererFile, sendFile } from './static-files'

export interface BridgeOptions {
  service: GalleryService
  /** The built renderer (out/renderer). */
  rendererDir: string
  port?: number
}

export interface Bridge {
  url: string
  port: number
  close(): Promise<void>
}

/**
 * The browser bridge: the built page, the library's images and the gallery API over a WebSocket,
 * on loopback only. It runs the same GalleryService as the Electron app, so the whole UI (less
 * native dialogs) works in any browser, for development and end-to-end tests without Electron.
 */
export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const { service, rendererDir } = options
  const dispatch = createDispatcher(service)
  let origin = ''

  const server = createServer((request, response) => {
    void handleHttp(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500).end()
      else response.destroy()
    })
  })

  async function handleHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end()
      return
    }
    const target = request.url ?? '/'
    if (target.startsWith('/media/')) {
      // The same parser as the app's earthview: scheme, so both refuse the same URLs.
      const media = parseMediaPath(target)
      // A tile that scrolls away cancels its image: an unmade thumbnail gives up its place.
      const gone = new AbortController()
      response.once('close', () => {
        if (!response.writableFinished) gone.abort()
      })
      const file = media ? await service.resolveMedia(media.kind, media.id, gone.signal) : null
      const sent =
        media !== null &&
        file !== null &&
        (await sendFile(response, file.path, {
          'Cache-Control': mediaCacheControl(media),
          'Content-Type': file.contentType
        }))
      if (!sent) notFound(response)
      return
    }
    const url = new URL(target, origin)
    const file = rendererFile(rendererDir, url.pathname)
    const headers = { 'Content-Security-Policy': BRIDGE_CSP, 'Cache-Control': 'no-cache' }
    if (file && (await sendFile(response, file, headers))) return
    notFound(response)
  }

  const sockets = new WebSocketServer({
    server,
    path: '/api',
    maxPayload: 1024 * 1024,
    // Only our own page may drive the service: a page on another origin (any site the person
    // visits can open ws://127.0.0.1) is refused.
    verifyClient: ({ origin: from }: { origin: string }) =>
      from === origin || from === origin.replace('127.0.0.1', 'localhost')
  })

  sockets.on('connection', (socket: WebSocket) => {
    const unsubscribe = API_EVENTS.map((event) =>
      service.on(event, (payload) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ event, payload }))
      })
    )
    socket.on('close', () => unsubscribe.forEach((off) => off()))
    socket.on('message', (data) => {
      let message: { id?: unknown; method?: unknown; args?: unknown }
      try {
        message = JSON.parse(String(data)) as typeof message
      } catch {
        return
      }
      if (typeof message.id !== 'number') return
      const id = message.id
      void dispatch(message.method, message.args).then((result) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ id, result }))
      })
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  origin = `http://127.0.0.1:${port}`

  return {
    url: origin,
    port,
    close: async () => {
      for (const client of sockets.clients) client.terminate()
      sockets.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}

function notFound(response: ServerResponse): void {
  response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found')
}
