import { app, type Session, type WebContents } from 'electron'
import { isAppPageUrl, type AppPage } from './core/security/app-page'
import { isAllowedExternalUrl } from './core/security/external-urls'

/**
 * electron-vite's dev server needs its origin for modules, inline styles and the React refresh
 * preamble, and a WebSocket for hot reload. Only ever used when ELECTRON_RENDERER_URL is set in
 * an unpackaged app.
 */
function devCsp(devServerUrl: string): string {
  const origin = new URL(devServerUrl).origin
  const socket = origin.replace(/^http/, 'ws')
  return (
    `default-src 'none'; script-src 'self' 'unsafe-inline' ${origin}; ` +
    `style-src 'self' 'unsafe-inline' ${origin}; img-src 'self' earthview: data: ${origin}; ` +
    `connect-src 'self' ${origin} ${socket}; font-src 'self' ${origin}; base-uri 'none'; ` +
    "form-action 'none'; object-src 'none'; frame-ancestors 'none'"
  )
}

/** Permissions, and the CSP header on our page's document. */
export function hardenSession(session: Session, page: AppPage): void {
  // The app uses no web permission (camera, notifications, clipboard read, …): refuse them all.
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler(() => false)

  const { devServerUrl } = page
  session.webRequest.onHeadersReceived((details, callback) => {
    if (details.resourceType !== 'mainFrame' || !isAppPageUrl(details.url, page)) {
      callback({})
      return
    }
    const headers = { ...details.responseHeaders }
    for (const name of Object.keys(headers)) {
      if (name.toLowerCase() === 'content-security-policy') delete headers[name]
    }
    if (devServerUrl !== null) {
      const development = { 'Content-Security-Policy': [devCsp(devServerUrl)] }
      callback({ responseHeaders: { ...headers, ...development } })
      return
    }
    // PAGE_CSP (core/security/page-csp.ts) plus frame-ancestors, written out here so the security
    // lint reads it; test/electron checks that the two agree.
    callback({
      responseHeaders: {
        ...headers,
        'Content-Security-Policy': [
          "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' earthview: data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none'; frame-ancestors 'none'"
        ]
      }
    })
  })
}

export interface NavigationPolicy {
  page: AppPage
  /** Opens an allowlisted https link in the person's browser. */
  openExternal(url: string): Promise<void>
}

function openIfAllowed(url: string, policy: NavigationPolicy): void {
  if (!isAllowedExternalUrl(url)) return
  policy.openExternal(url).catch(() => undefined) // eng-disable OPEN_EXTERNAL_JS_CHECK (allowlisted)
}

/**
 * Every web contents the app ever creates stays on our page: no new windows (allowlisted Google
 * Maps / Earth links go to the browser instead), no navigation or redirect elsewhere, no
 * <webview>.
 */
export function confineWebContents(contents: WebContents, policy: NavigationPolicy): void {
  contents.setWindowOpenHandler(({ url }) => {
    openIfAllowed(url, policy)
    return { action: 'deny' }
  })

  contents.on('will-navigate', (event) => {
    if (isAppPageUrl(event.url, policy.page)) return
    event.preventDefault()
    openIfAllowed(event.url, policy)
  })

  // Subframes: the page has none (CSP default-src 'none'), so any navigation in one is refused.
  contents.on('will-frame-navigate', (event) => {
    if (event.isMainFrame && isAppPageUrl(event.url, policy.page)) return
    event.preventDefault()
  })

  contents.on('will-redirect', (event) => {
    if (!isAppPageUrl(event.url, policy.page)) event.preventDefault()
  })

  contents.on('will-attach-webview', (event) => {
    event.preventDefault()
  })
}

export function confineAllWebContents(policy: NavigationPolicy): void {
  app.on('web-contents-created', (_event, contents) => confineWebContents(contents, policy))
}
