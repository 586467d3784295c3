/**
 * A local stand-in for the Earth View document service
 * (`https://www.gstatic.com/prettyearth/assets/data/v3/{id}.json`), for tests and the benchmark:
 * real JPEGs inside real-shaped documents, both document shapes, injectable faults, and a shared
 * bandwidth limit. Documents are streamed piece by piece, so latency and bandwidth apply to the
 * body and a 2,609-image crawl never holds more than a few shared base images in memory.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { CatalogEntry } from '@shared/catalog'
import { Catalog } from '../../src/main/core/catalog/catalog'
import {
  baseImage,
  bucketColours,
  hueBucket,
  uniquePrefix,
  type BaseImage,
  type ImageSize
} from './images'

export type Fault =
  | 'http500'
  | 'http503'
  | { status: 429; retryAfterSeconds: number }
  /** Destroy the socket (TCP reset) part-way through the body. */
  | 'reset'
  /** Content-Length promises more than is sent, then the connection ends. */
  | 'truncate'
  /** Send part of the body, then never send more. */
  | 'stall'
  /** A body that is not valid JSON (the document is cut short, with a correct Content-Length). */
  | 'malformed'
  /** dataUri is the base64 of bytes that are not a JPEG. */
  | 'not-jpeg'
  | 'no-datauri'
  | 'http403'
  | 'http404'

export type DocumentShape = 'flat' | 'geocode'

export interface StandinOptions {
  /** Default 0: a free port. */
  port?: number
  /** Ids that exist; default every id of the bundled catalog. */
  ids?: Iterable<number>
  /** Document shape; 'mixed' (the default) serves flat for even ids, geocode for odd ones. */
  shape?: DocumentShape | 'mixed'
  /** 'small' ≈ 15–25 KB (tests, the default), 'real' ≈ 1800×1200 ≈ 340 KB (benchmark). */
  imageSize?: ImageSize
  /** Delay before the response headers, per request. */
  latencyMs?: number
  /** One token bucket shared by every response, like one network link. */
  bandwidthBytesPerSecond?: number
  /** `attempt` counts from 1 per id. */
  faults?: (id: number, attempt: number) => Fault | undefined
  /** JSON-escape '/' as '\/' (some encoders do). */
  escapeSlashes?: boolean
  /** Documents for these ids are not answered until `release()`: a crawl that cannot end yet. */
  holdBack?: Iterable<number>
}

/** The metadata a document carries, as a crawler should read it. */
export interface ExpectedMeta extends Pick<
  CatalogEntry,
  'id' | 'country' | 'region' | 'lat' | 'lng' | 'attribution'
> {
  shape: DocumentShape
}

export interface Standin {
  /** Document URL template containing {id}, e.g. http://127.0.0.1:PORT/v3/{id}.json */
  url: string
  port: number
  /** The exact JPEG bytes the document for id carries. */
  expectedJpeg(id: number): Buffer
  expectedMeta(id: number): ExpectedMeta
  /** The Content-Length of the document for id when no fault applies. */
  documentLength(id: number): number
  /** Requests seen for id. */
  attempts(id: number): number
  /** When each request for id arrived (Date.now() ms), in order. */
  requestTimes(id: number): number[]
  totalRequests(): number
  /** Requests being answered right now. */
  inFlight(): number
  /** The most requests ever answered at once (since start or the last resetMaxConcurrent). */
  maxConcurrent(): number
  resetMaxConcurrent(): void
  /** The User-Agent headers seen. */
  userAgents(): Set<string>
  /** TCP connections accepted so far (keep-alive reuse keeps this low). */
  connections(): number
  /** Answers the documents `holdBack` kept waiting, and every later request for them. */
  release(): void
  /** Also destroys open sockets (stalled responses included). */
  close(): Promise<void>
}

const DOCUMENT_PATH = /^\/v3\/(\d+)\.json$/
const NOT_JPEG_BYTES = 20_000

export async function startStandin(options: StandinOptions = {}): Promise<Standin> {
  const catalog = new Catalog()
  const size = options.imageSize ?? 'small'
  const shapeOption = options.shape ?? 'mixed'
  const escape = options.escapeSlashes ?? false
  const ids = new Set(options.ids ?? catalog.knownIds())
  const colours = bucketColours(catalog.entries())

  const bases = new Map<number, BaseImage>()
  await Promise.all(
    [...new Set([...ids].map((id) => hueBucket(catalog.get(id))))].map(async (bucket) => {
      bases.set(bucket, await baseImage(size, bucket, colours[bucket]!))
    })
  )
  const baseFor = (id: number): BaseImage => bases.get(hueBucket(catalog.get(id)))!
  const link =
    options.bandwidthBytesPerSecond && options.bandwidthBytesPerSecond > 0
      ? new Link(options.bandwidthBytesPerSecond)
      : undefined

  const times = new Map<number, number[]>()
  const held = new Set(options.holdBack ?? [])
  let release: () => void = () => undefined
  const released = new Promise<void>((resolve) => (release = resolve))
  const userAgents = new Set<string>()
  let connections = 0
  let total = 0
  let inFlight = 0
  let maxConcurrent = 0

  const shapeOf = (id: number): DocumentShape =>
    shapeOption === 'mixed' ? (id % 2 === 0 ? 'flat' : 'geocode') : shapeOption

  const metaOf = (id: number): ExpectedMeta => {
    const entry: CatalogEntry | undefined = catalog.get(id)
    return {
      id,
      country: entry?.country ?? 'Standinland',
      region: entry?.region ?? `Region ${id}`,
      lat: entry?.lat ?? ((id * 7.31) % 180) - 90,
      lng: entry?.lng ?? ((id * 13.17) % 360) - 180,
      attribution: entry?.attribution ?? '©2024 Stand-in Imagery',
      shape: shapeOf(id)
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = DOCUMENT_PATH.exec(new URL(req.url ?? '/', 'http://standin').pathname)
    if (!match) return plain(res, 404, 'Not Found')
    const id = Number(match[1])
    userAgents.add(req.headers['user-agent'] ?? '')
    const seen = times.get(id) ?? []
    seen.push(Date.now())
    times.set(id, seen)
    const fault = options.faults?.(id, seen.length)

    if (options.latencyMs && options.latencyMs > 0) {
      await sleep(options.latencyMs)
      if (res.destroyed) return
    }
    if (held.has(id)) {
      await released
      if (res.destroyed) return
    }

    if (typeof fault === 'object') {
      res.setHeader('Retry-After', String(fault.retryAfterSeconds))
      return plain(res, 429, 'Too Many Requests')
    }
    if (fault === 'http500') return plain(res, 500, 'Internal Server Error')
    if (fault === 'http503') return plain(res, 503, 'Service Unavailable')
    if (fault === 'http403') return plain(res, 403, 'Forbidden')
    if (fault === 'http404' || !ids.has(id)) return plain(res, 404, 'Not Found')

    const pieces = documentPieces(id, fault)
    const length = piecesLength(pieces)
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': String(length),
      'Cache-Control': 'public, max-age=86400'
    })
    const cut = Math.floor(length / 2)
    if (fault === 'reset') {
      await send(res, pieces, cut, link)
      res.socket?.resetAndDestroy()
    } else if (fault === 'truncate') {
      await send(res, pieces, cut, link)
      // Ending the connection (not the response) leaves the client short of Content-Length.
      res.socket?.end()
    } else if (fault === 'stall') {
      await send(res, pieces, cut, link)
    } else {
      await send(res, pieces, Infinity, link)
      res.end()
    }
  }

  /** The document as a list of pieces, the image part never materialised as one string. */
  function documentPieces(id: number, fault: Fault | undefined): Piece[] {
    const meta = metaOf(id)
    const base = baseFor(id)
    let imageParts: Piece[]
    if (fault === 'not-jpeg') {
      imageParts = [json(notJpeg(id).toString('base64'))]
    } else {
      imageParts = [
        json(uniquePrefix(id).toString('base64')),
        escape
          ? { text: base.afterSoiBase64, slashes: base.afterSoiSlashes }
          : base.afterSoiBase64Bytes
      ]
    }
    const dataUri: Piece[] = [json('"dataUri":"data:image/jpeg;base64,'), ...imageParts, json('"')]
    const fields = [
      `"lat":${meta.lat}`,
      `"lng":${meta.lng}`,
      `"zoom":${12 + (id % 5)}`,
      `"attribution":${JSON.stringify(meta.attribution)}`
    ]
    if (meta.shape === 'flat') {
      fields.push(`"country":${JSON.stringify(meta.country)}`)
      fields.push(`"region":${JSON.stringify(meta.region)}`)
    } else {
      const geocode: Record<string, string> = {}
      if (meta.country) geocode.country = meta.country
      // Some documents only name a locality; a crawler must fall back to it.
      if (meta.region)
        geocode[id % 4 === 3 ? 'locality' : 'administrative_area_level_1'] = meta.region
      fields.push(`"geocode":${JSON.stringify(geocode)}`)
    }
    const head = json(`{"id":"${id}",`)
    const rest = json(fields.join(','))
    const end = json(fault === 'malformed' ? ',' : '}')
    if (fault === 'no-datauri') return [head, rest, end]
    // The two shapes put dataUri at different places, as different encoders do.
    return meta.shape === 'flat'
      ? [head, ...dataUri, json(','), rest, end]
      : [head, rest, json(','), ...dataUri, end]
  }

  function json(text: string): Piece {
    const escaped = escape ? text.replaceAll('/', '\\/') : text
    return Buffer.from(escaped, 'utf8')
  }

  const server = createServer({ keepAliveTimeout: 10_000 }, (req, res) => {
    total++
    inFlight++
    maxConcurrent = Math.max(maxConcurrent, inFlight)
    res.once('close', () => inFlight--)
    // A client that hangs up mid-document (a cancelled crawl) must not end the stand-in.
    res.on('error', () => undefined)
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) plain(res, 500, String(error))
      else res.destroy()
    })
  })
  server.on('connection', (socket) => {
    connections++
    socket.on('error', () => undefined)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  server.on('error', (error) => process.stderr.write(`stand-in: ${error.message}\n`))
  const port = (server.address() as AddressInfo).port

  return {
    url: `http://127.0.0.1:${port}/v3/{id}.json`,
    port,
    expectedJpeg(id) {
      if (!ids.has(id)) throw new Error(`the stand-in does not serve id ${id}`)
      return Buffer.concat([uniquePrefix(id), baseFor(id).afterSoi])
    },
    expectedMeta: metaOf,
    documentLength(id) {
      if (!ids.has(id)) throw new Error(`the stand-in does not serve id ${id}`)
      return piecesLength(documentPieces(id, undefined))
    },
    attempts: (id) => times.get(id)?.length ?? 0,
    requestTimes: (id) => [...(times.get(id) ?? [])],
    totalRequests: () => total,
    inFlight: () => inFlight,
    maxConcurrent: () => maxConcurrent,
    userAgents: () => new Set(userAgents),
    connections: () => connections,
    resetMaxConcurrent() {
      maxConcurrent = inFlight
    },
    release() {
      held.clear()
      release()
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    }
  }
}

/** A Buffer, or a long base64 string whose slashes are escaped as it is sliced and sent. */
type Piece = Buffer | { text: string; slashes: number }

function pieceLength(piece: Piece): number {
  if (Buffer.isBuffer(piece)) return piece.length
  return piece.text.length + piece.slashes
}

function piecesLength(pieces: readonly Piece[]): number {
  return pieces.reduce((sum, piece) => sum + pieceLength(piece), 0)
}

/** Writes pieces in small chunks, honouring backpressure and the shared link, up to `limit` bytes. */
async function send(
  res: ServerResponse,
  pieces: Piece[],
  limit: number,
  link?: Link
): Promise<void> {
  // Big enough that serving costs little CPU (the benchmark's crawler shares the machine with
  // this server), small enough that concurrent responses share the link finely (64 KB is half a
  // millisecond at 1 Gbit/s).
  const chunkSize = 64 * 1024
  let sent = 0
  for (const piece of pieces) {
    const length = Buffer.isBuffer(piece) ? piece.length : piece.text.length
    for (let offset = 0; offset < length && sent < limit;) {
      const end = Math.min(length, offset + chunkSize)
      let chunk: Buffer
      if (Buffer.isBuffer(piece)) {
        chunk = piece.subarray(offset, end)
      } else {
        const text = piece.text.slice(offset, end)
        chunk = Buffer.from(text.replaceAll('/', '\\/'), 'latin1')
      }
      offset = end
      if (sent + chunk.length > limit) chunk = chunk.subarray(0, limit - sent)
      if (link) await link.take(chunk.length)
      if (res.destroyed) return
      sent += chunk.length
      if (!res.write(chunk)) await drained(res)
      if (res.destroyed) return
    }
  }
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done)
      res.off('close', done)
      resolve()
    }
    res.on('drain', done)
    res.on('close', done)
  })
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(text) })
  res.end(text)
}

/** Bytes that look like a PNG, so "it decoded, but it is not a JPEG" is what a crawler sees. */
function notJpeg(id: number): Buffer {
  const bytes = Buffer.alloc(NOT_JPEG_BYTES)
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes)
  let seed = id
  for (let i = 8; i < bytes.length; i++) {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0
    bytes[i] = seed >>> 24
  }
  return bytes
}

/** One network link shared by every response: each chunk waits for its slot on the wire. */
class Link {
  private cursor = 0
  constructor(private readonly bytesPerSecond: number) {}

  take(bytes: number): Promise<void> | undefined {
    const now = performance.now()
    this.cursor = Math.max(now, this.cursor) + (bytes * 1000) / this.bytesPerSecond
    const wait = this.cursor - now
    return wait >= 1 ? sleep(wait) : undefined
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref())
}
