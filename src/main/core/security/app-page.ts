import { resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/**
 * Where the app's own page lives: the built `out/renderer/index.html`, or electron-vite's dev
 * server while developing. Navigation, IPC and the CSP header all ask "is this our page?" here.
 */
export interface AppPage {
  /** Absolute path of the built index.html. */
  rendererFile: string
  /** `ELECTRON_RENDERER_URL` in development (never in a packaged app), else null. */
  devServerUrl: string | null
}

/** The URL the window loads. */
export function appPageUrl(page: AppPage): string {
  return page.devServerUrl ?? pathToFileURL(page.rendererFile).href
}

/**
 * True for our page only: the exact index.html file (any query or fragment), or any path on the
 * dev server's origin. Other files, other hosts and other schemes are not ours.
 */
export function isAppPageUrl(raw: string, page: AppPage): boolean {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return false
  }
  if (page.devServerUrl !== null) {
    let dev: URL
    try {
      dev = new URL(page.devServerUrl)
    } catch {
      return false
    }
    return url.origin === dev.origin && (url.protocol === 'http:' || url.protocol === 'https:')
  }
  if (url.protocol !== 'file:' || url.host !== '') return false
  let path: string
  try {
    path = fileURLToPath(url)
  } catch {
    return false
  }
  const expected = resolve(page.rendererFile)
  return process.platform === 'win32'
    ? path.toLowerCase() === expected.toLowerCase()
    : path === expected
}
