import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { extname, join, relative, isAbsolute, resolve } from 'node:path'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.jpg': 'image/jpeg',
  '.woff2': 'font/woff2',
  '.json': 'application/json'
}

/** The same policy as the page's meta CSP, plus the WebSocket the bridge talks over. */
export const BRIDGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws:; " +
  "font-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none'; frame-ancestors 'none'"

/** Resolves a URL path inside `root`, or null for anything that would leave it. */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null
  const path = resolve(root, `.${decoded.startsWith('/') ? decoded : `/${decoded}`}`)
  const inside = relative(root, path)
  if (inside.startsWith('..') || isAbsolute(inside)) return null
  return path
}

export async function sendFile(
  response: ServerResponse,
  path: string,
  headers: Record<string, string>
): Promise<boolean> {
  let size: number
  try {
    const info = await stat(path)
    if (!info.isFile()) return false
    size = info.size
  } catch {
    return false
  }
  response.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': String(size),
    'X-Content-Type-Options': 'nosniff',
    ...headers
  })
  createReadStream(path)
    .on('error', () => response.destroy())
    .pipe(response)
  return true
}

/**
 * Vite names what it builds under /assets/ by content hash: such a file never changes, so a reload
 * neither fetches nor revalidates it, and Chromium keeps its compiled code (the first paint of a
 * reload no longer waits for 300 KB of script to arrive and compile). The page itself, which names
 * them, is checked every time.
 */
export function cacheControl(urlPath: string): string {
  return /^\/assets\/[\w.-]+-[\w-]{8,}\.(?:js|css|woff2|svg|png|webp)$/.test(urlPath)
    ? 'public, max-age=31536000, immutable'
    : 'no-cache'
}

export function rendererFile(root: string, urlPath: string): string | null {
  return urlPath === '/' || urlPath === '/index.html'
    ? join(root, 'index.html')
    : resolveInside(root, urlPath)
}
