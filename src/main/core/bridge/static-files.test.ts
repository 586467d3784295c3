import { describe, expect, it } from 'vitest'
import { cacheControl, resolveInside } from './static-files'

describe('the bridge serving the page', () => {
  it('lets the browser keep what vite names by content hash, and checks everything else', () => {
    for (const path of [
      '/assets/index-K5vZRorh.js',
      '/assets/index-D-IKnDaU.css',
      '/assets/MapView-DxFDlMcY.js'
    ]) {
      expect(cacheControl(path), path).toBe('public, max-age=31536000, immutable')
    }
    for (const path of ['/', '/index.html', '/assets/index.js', '/icon-K5vZRorh.png', '/api']) {
      expect(cacheControl(path), path).toBe('no-cache')
    }
  })

  it('resolves paths inside the page folder only', () => {
    expect(resolveInside('/srv/page', '/assets/a.js')).toBe('/srv/page/assets/a.js')
    for (const path of ['/../secret', '/%2e%2e/secret', '/a%00.js', '/a\\..\\b', '/%E0%A4%A']) {
      expect(resolveInside('/srv/page', path), path).toBeNull()
    }
  })
})
