/**
 * Which library file a media URL names: `earthview://image/1003?v=…` in the Electron app,
 * `/media/thumb/1003?v=…` on the browser bridge. Only that exact shape is accepted: one known
 * kind, one canonical numeric id, at most a `v` version token. Anything else (dot segments,
 * encoded separators, extra segments, credentials, ports) is refused before a path is built, so
 * the URL can never name a file the service did not mean to serve.
 */
export type MediaKind = 'image' | 'thumb'

export interface MediaRequest {
  kind: MediaKind
  /** The id as the service's `resolveMedia` takes it: digits, no leading zero. */
  id: string
  /** The `v` query value the page adds when the file may change (a re-made thumbnail). */
  version: string | null
}

export const MEDIA_SCHEME = 'earthview'

const KINDS: ReadonlySet<string> = new Set<MediaKind>(['image', 'thumb'])
const ID = /^[1-9]\d{0,4}$/
const VERSION = /^[\w.-]{1,64}$/
const MAX_URL_LENGTH = 512
/**
 * Checked on the raw text, because URL parsing resolves `..` and (for http) `%2e%2e` before we
 * see the path: a request that tried either is refused rather than quietly re-targeted.
 */
const SUSPICIOUS = /\.\.|%2e|%2f|%5c|%00|\\/i

function fromParts(kind: string, idSegment: string, url: URL): MediaRequest | null {
  if (!KINDS.has(kind) || !ID.test(idSegment)) return null
  if (url.hash !== '') return null
  let version: string | null = null
  for (const [key, value] of url.searchParams) {
    if (key !== 'v' || version !== null || !VERSION.test(value)) return null
    version = value
  }
  return { kind: kind as MediaKind, id: idSegment, version }
}

function parse(raw: string, base?: string): URL | null {
  if (typeof raw !== 'string' || raw.length > MAX_URL_LENGTH || SUSPICIOUS.test(raw)) return null
  try {
    return new URL(raw, base)
  } catch {
    return null
  }
}

/** `earthview://<kind>/<id>[?v=<version>]` → the request, or null for anything else. */
export function parseMediaUrl(raw: string): MediaRequest | null {
  const url = parse(raw)
  if (!url || url.protocol !== `${MEDIA_SCHEME}:`) return null
  if (url.username || url.password || url.port) return null
  const segment = /^\/([^/]+)$/.exec(url.pathname)
  if (!segment) return null
  return fromParts(url.hostname, segment[1]!, url)
}

/** The bridge's `/media/<kind>/<id>[?v=<version>]` (a request target, path plus query). */
export function parseMediaPath(target: string): MediaRequest | null {
  if (typeof target !== 'string' || !target.startsWith('/media/')) return null
  const url = parse(target, 'http://bridge.invalid')
  if (!url || url.host !== 'bridge.invalid') return null
  const match = /^\/media\/([^/]+)\/([^/]+)$/.exec(url.pathname)
  if (!match) return null
  return fromParts(match[1]!, match[2]!, url)
}

/** A versioned URL names one file content forever; an unversioned one must be revalidated. */
export function mediaCacheControl(request: MediaRequest): string {
  return request.version === null ? 'no-cache' : 'private, max-age=31536000, immutable'
}
