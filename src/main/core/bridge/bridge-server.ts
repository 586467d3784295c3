import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import { API_EVENTS } from '@shared/api'
import type { GalleryErrorCode, Result } from '@shared/errors'
import { createDispatcher } from '../api/dispatch'
import { mediaCacheControl, parseMediaPath } from '../media/media-url'
import type { GalleryService } from '../service/gallery-service'
import { BRIDGE_CSP, cacheControl, rendererFile, sendFile } from './static-files'
import { isOurHost } from './host-header'

export interface BridgeOptions {
  service: GalleryService
  /** The built renderer (out/renderer). */
  rendererDir: string
  port?: number
}

export interface Bridge {
  url: string
  port: number
  /** WebSocket clients connected now (tests watch a slow client being dropped). */
  clientCount(): number
  close(): Promise<void>
}

/** A frame bigger than this closes the connection (1009); the page's largest call is ~100 KB. */
export const MAX_FRAME_BYTES = 1024 * 1024
/**
 * Replies and events a client has not read yet, beyond which it is dropped. A page reads as fast
 * as it is sent to (getState, the biggest reply, is ~0.2 MB); a client that stops reading would
 * otherwise make the bridge hold every reply it is sent, without end.
 */
export const MAX_UNREAD_BYTES = 16 * 1024 * 1024
/** Calls one client may have under way at once; the page never has more than a few. */
export const MAX_CALLS_IN_FLIGHT = 64
/** Open WebSockets at once (each subscribes to every event). */
export const MAX_CLIENTS = 16

/**
 * The browser bridge: the built page, the library's images and the gallery API over a WebSocket,
 * on loopback only. It runs the same GalleryService as the Electron app, so the whole UI (less
 * native dialogs) works in any browser, for development and end-to-end tests without Electron.
 *
 * Every input is treated as hostile: any frame, any request target and any Host header gets an
 * answer or a close, never an exception; a client that does not read its replies is dropped
 * instead of filling memory.
 */
export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const { service, rendererDir } = options
  const dispatch = createDispatcher(service)
  let origin = ''
  let port = 0

  const server = createServer((request, response) => {
    void handleHttp(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500).end()
      else response.destroy()
    })
  })

  async function handleHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // DNS rebinding: a site whose name resolves to 127.0.0.1 would otherwise be same-origin with
    // us and could read the page and the media. Only our own address and port are served.
    if (!isOurHost(request.headers.host, port)) {
      plain(response, 421, 'Misdirected request: use http://127.0.0.1 with this port')
      return
    }
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
    // `//[` and the like are not a path at all: that is the client's mistake (400), not ours.
    if (!target.startsWith('/') || target.startsWith('//') || !URL.canParse(target, origin)) {
      plain(response, 400, 'Bad request target')
      return
    }
    const url = new URL(target, origin)
    const file = rendererFile(rendererDir, url.pathname)
    const headers = {
      'Content-Security-Policy': BRIDGE_CSP,
      'Cache-Control': cacheControl(url.pathname)
    }
    if (file && (await sendFile(response, file, headers))) return
    notFound(response)
  }

  const sockets = new WebSocketServer({
    server,
    path: '/api',
    maxPayload: MAX_FRAME_BYTES,
    // Only our own page may drive the service: a page on another origin (any site the person
    // visits can open ws://127.0.0.1) is refused, and so is any Host but ours (DNS rebinding).
    verifyClient: (
      info: { origin: string; req: IncomingMessage },
      callback: (ok: boolean, code?: number, message?: string) => void
    ) => {
      const from = info.origin
      if (!isOurHost(info.req.headers.host, port)) return callback(false, 421)
      if (from !== origin && from !== origin.replace('127.0.0.1', 'localhost')) {
        return callback(false, 403)
      }
      if (sockets.clients.size >= MAX_CLIENTS) return callback(false, 503, 'Too many clients')
      callback(true)
    }
  })
  // The server's own errors (EADDRINUSE and the like) reach the listen promise below; ws only
  // re-emits them here, where an unheard 'error' would end the process.
  sockets.on('error', () => undefined)
  sockets.on('connection', (socket: WebSocket) => serveClient(socket))

  function serveClient(socket: WebSocket): void {
    let callsInFlight = 0
    // A frame over maxPayload, invalid UTF-8 or a bad opcode: ws closes the connection (1009,
    // 1007, 1002) and reports it here. The bridge and its other clients carry on.
    socket.on('error', () => socket.terminate())

    /** Sends unless the client has stopped reading, in which case it is dropped. */
    const send = (message: () => string): void => {
      if (socket.readyState !== socket.OPEN) return
      if (socket.bufferedAmount > MAX_UNREAD_BYTES) {
        // terminate, not close: a close frame would queue behind what it does not read, and the
        // buffered replies are released only once the socket is destroyed.
        socket.terminate()
        return
      }
      socket.send(message())
    }

    const unsubscribe = API_EVENTS.map((event) =>
      service.on(event, (payload) => send(() => JSON.stringify({ event, payload })))
    )
    socket.on('close', () => unsubscribe.forEach((off) => off()))

    socket.on('message', (data: RawData, isBinary: boolean) => {
      // Anything but a call (`null`, a number, a binary frame) has no id to answer: ignored.
      const call = parseCall(data, isBinary)
      if (!call) return
      const reply = (result: Result<unknown>) => send(() => JSON.stringify({ id: call.id, result }))
      if (callsInFlight >= MAX_CALLS_IN_FLIGHT) {
        reply(refusal('busy', 'Too many calls at once: wait for the answers.'))
        return
      }
      callsInFlight++
      void dispatch(call.method, call.args)
        // A reply that cannot be serialised still gets an answer rather than a rejection nobody hears.
        .then(reply)
        .catch(() => reply(refusal('internal', 'The reply could not be sent.')))
        .finally(() => callsInFlight--)
    })
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  // After listening, a server error (rare: EMFILE on accept) must not end the process.
  server.on('error', (error) => process.stderr.write(`web: server error: ${error.message}\n`))
  port = (server.address() as AddressInfo).port
  origin = `http://127.0.0.1:${port}`

  return {
    url: origin,
    port,
    clientCount: () => sockets.clients.size,
    close: async () => {
      for (const client of sockets.clients) client.terminate()
      sockets.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}

interface Call {
  id: number
  method: unknown
  args: unknown
}

/** A call from the page, or null for anything else (a binary frame, `null`, a number, no id). */
function parseCall(data: RawData, isBinary: boolean): Call | null {
  if (isBinary) return null
  let message: unknown
  try {
    message = JSON.parse(String(data))
  } catch {
    return null
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return null
  const { id, method, args } = message as Record<string, unknown>
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) return null
  return { id, method, args }
}

function refusal(code: GalleryErrorCode, message: string): Result<unknown> {
  return { ok: false, error: { code, message } }
}

function notFound(response: ServerResponse): void {
  plain(response, 404, 'Not found')
}

function plain(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(text)
}
