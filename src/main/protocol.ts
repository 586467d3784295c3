import { open, type FileHandle } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { protocol } from 'electron'
import type { MediaFile } from './core/service/gallery-service'
import { MEDIA_SCHEME, mediaCacheControl, parseMediaUrl } from './core/media/media-url'

/**
 * `earthview:` must be declared before the app is ready. Standard (so it parses like http and
 * has an origin), secure (no mixed-content warnings), fetchable and streamable. It is not
 * CORS-enabled and does not bypass CSP: the page's img-src names it explicitly.
 */
export function registerMediaScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: MEDIA_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true }
    }
  ])
}

type ResolveMedia = (kind: string, id: string, signal?: AbortSignal) => Promise<MediaFile | null>

const status = (code: number, headers: Record<string, string> = {}) =>
  new Response(null, { status: code, headers: { 'X-Content-Type-Options': 'nosniff', ...headers } })

/**
 * Serves `earthview://image/<id>` and `earthview://thumb/<id>` from the library, streamed from
 * disk. The URL is parsed strictly and the service confines the path to its own folders, so a
 * page can name an image by id but never a file by path.
 */
export function handleMediaScheme(resolveMedia: ResolveMedia): void {
  protocol.handle(MEDIA_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return status(405, { Allow: 'GET, HEAD' })
    }
    const media = parseMediaUrl(request.url)
    if (!media) return status(404)

    let handle: FileHandle | null = null
    try {
      // Aborted when the page drops the image (a tile scrolled away): an unmade thumbnail waits.
      const file = await resolveMedia(media.kind, media.id, request.signal)
      if (!file) return status(404)
      handle = await open(file.path, 'r')
      const info = await handle.stat()
      if (!info.isFile()) {
        await handle.close()
        return status(404)
      }
      const headers = {
        'Content-Type': file.contentType,
        'Content-Length': String(info.size),
        'Cache-Control': mediaCacheControl(media),
        'X-Content-Type-Options': 'nosniff'
      }
      if (request.method === 'HEAD') {
        await handle.close()
        return new Response(null, { status: 200, headers })
      }
      // The stream owns the handle from here and closes it when done or cancelled.
      const body = Readable.toWeb(handle.createReadStream()) as ReadableStream<Uint8Array>
      handle = null
      return new Response(body, { status: 200, headers })
    } catch (error) {
      await handle?.close().catch(() => undefined)
      const code = (error as NodeJS.ErrnoException).code
      return status(code === 'ENOENT' || code === 'ENOTDIR' ? 404 : 500)
    }
  })
}
