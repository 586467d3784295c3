import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { appPageUrl, isAppPageUrl, type AppPage } from './app-page'

const rendererFile = '/opt/Earth View Gallery/out/renderer/index.html'
const built: AppPage = { rendererFile, devServerUrl: null }
const dev: AppPage = { rendererFile, devServerUrl: 'http://localhost:5173' }

describe('appPageUrl', () => {
  it('is the built file, or the dev server when there is one', () => {
    expect(appPageUrl(built)).toBe('file:///opt/Earth%20View%20Gallery/out/renderer/index.html')
    expect(appPageUrl(dev)).toBe('http://localhost:5173')
  })
})

describe('isAppPageUrl', () => {
  const page = pathToFileURL(rendererFile).href

  it('accepts the built page, with or without a query or fragment', () => {
    expect(isAppPageUrl(page, built)).toBe(true)
    expect(isAppPageUrl(`${page}#/settings`, built)).toBe(true)
    expect(isAppPageUrl(`${page}?x=1`, built)).toBe(true)
  })

  it.each([
    [
      'another file in the same folder',
      'file:///opt/Earth%20View%20Gallery/out/renderer/other.html'
    ],
    ['a file elsewhere', 'file:///etc/passwd'],
    ['a longer name', 'file:///opt/Earth%20View%20Gallery/out/renderer/index.html.evil'],
    ['a lookalike folder', 'file:///opt/Earth%20View%20Gallery/out/renderer2/index.html'],
    [
      'a file URL with a host',
      'file://evil.example/opt/Earth%20View%20Gallery/out/renderer/index.html'
    ],
    ['a website', 'https://evil.example/index.html'],
    ['the dev server when not in development', 'http://localhost:5173/'],
    ['our media scheme', 'earthview://image/1003'],
    ['javascript:', 'javascript:alert(1)'],
    ['about:blank', 'about:blank'],
    ['data:', 'data:text/html,<p>hi</p>'],
    ['garbage', 'not a url']
  ])('refuses %s in a built app', (_why, url) => {
    expect(isAppPageUrl(url, built)).toBe(false)
  })

  it('accepts the dev server origin in development, and nothing else', () => {
    expect(isAppPageUrl('http://localhost:5173/', dev)).toBe(true)
    expect(isAppPageUrl('http://localhost:5173/index.html', dev)).toBe(true)
    expect(isAppPageUrl('http://localhost:5174/', dev)).toBe(false)
    expect(isAppPageUrl('http://127.0.0.1:5173/', dev)).toBe(false)
    expect(isAppPageUrl('https://localhost:5173/', dev)).toBe(false)
    expect(isAppPageUrl(page, dev)).toBe(false)
  })
})
