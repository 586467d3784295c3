/**
 * The app page's Content-Security-Policy. The built page carries it in a meta tag (added at build
 * time by electron.vite.config.ts: in development the dev server's inline styles would break
 * under it), and the Electron session sends it as a header on the page (src/main/security.ts),
 * adding frame-ancestors, which a meta tag cannot set. Images come from our own scheme; the page
 * fetches nothing from the network and, in Electron, opens no WebSocket.
 */
export const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' earthview: data:; " +
  "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none'"
