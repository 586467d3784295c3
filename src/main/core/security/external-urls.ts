/**
 * The only places the app sends a person outside itself: Google Maps and Google Earth, over
 * https. Everything else (file:, javascript:, other hosts, lookalike hosts) is refused.
 */
const ALLOWED_HOSTS = new Set([
  'www.google.com',
  'maps.google.com',
  'google.com',
  'earth.google.com'
])

export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return false
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return false
  if (!ALLOWED_HOSTS.has(url.hostname)) return false
  return url.hostname === 'earth.google.com' || url.pathname.startsWith('/maps')
}
