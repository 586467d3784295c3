import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test as base, expect } from '@playwright/test'
import { startStandin, type Standin } from './standin/server'
import { electronAvailability, launchElectronApp, type LaunchedElectron } from './fixtures/electron'
import { invokeRaw } from './fixtures/raw-api'

/**
 * What only the Electron app can show: navigation and window.open are confined, links reach the
 * browser only when allowlisted, the page has no Node and only the two transport functions, and
 * the earthview: scheme serves library files by id and nothing else. Skipped (with the reason)
 * where there is no Electron binary, and in the web project.
 */

// The first id of the bundled catalog (read as data: Playwright's loader cannot import the JSON
// module the catalog imports without an import attribute).
const catalogFile = join(import.meta.dirname, '..', 'src/main/core/catalog/earth-views.json')
const ID = (JSON.parse(readFileSync(catalogFile, 'utf8')) as { id: number }[])[0]!.id

/** The page's globals as a hostile script sees them (the preload's bridge is not a DOM type). */
interface PageGlobals {
  galleryTransport?: {
    invoke(method: string, args: unknown): Promise<unknown>
    on(event: string, listener: (...args: unknown[]) => void): () => void
  }
  [key: string]: unknown
}

interface ElectronFixture extends LaunchedElectron {
  standin: Standin
  root: string
}

const test = base.extend<{ electron: ElectronFixture }>({
  // Playwright requires the first argument to be an object pattern, even when it is empty.
  // eslint-disable-next-line no-empty-pattern
  electron: async ({}, use, testInfo) => {
    testInfo.skip(
      testInfo.project.name !== 'electron',
      'Electron only (the web project has its own)'
    )
    const availability = electronAvailability()
    testInfo.skip(!availability.available, availability.reason)
    const root = await mkdtemp(join(tmpdir(), 'evg-security-'))
    const standin = await startStandin({ imageSize: 'small' })
    try {
      const launched = await launchElectronApp({
        dataDir: join(root, 'data'),
        source: standin.url,
        ids: String(ID),
        pickFolder: join(root, 'downloads')
      })
      try {
        await use({ ...launched, standin, root })
      } finally {
        await launched.close()
      }
    } finally {
      await standin.close()
      await rm(root, { recursive: true, force: true })
    }
  }
})

test.describe('Electron: confinement and the custom scheme', () => {
  test('the page cannot navigate away; an allowlisted Maps link goes to the browser instead', async ({
    electron
  }) => {
    const { app, page } = electron
    const navigate = async (url: string) => {
      // Listen after the app's own handler, so `defaultPrevented` is the app's decision.
      await app.evaluate(({ BrowserWindow }) => {
        const contents = BrowserWindow.getAllWindows()[0]!.webContents
        ;(globalThis as Record<string, unknown>)['__evgNavigation'] = new Promise((resolve) => {
          contents.once('will-navigate', (event) =>
            resolve({ url: event.url, prevented: event.defaultPrevented })
          )
        })
      })
      await page.evaluate((target) => {
        location.href = target
      }, url)
      return app.evaluate(() => (globalThis as Record<string, unknown>)['__evgNavigation'])
    }

    expect(await navigate('https://example.com/')).toEqual({
      url: 'https://example.com/',
      prevented: true
    })
    expect(await navigate('file:///etc/passwd')).toEqual({
      url: 'file:///etc/passwd',
      prevented: true
    })
    const maps = 'https://www.google.com/maps/@10,20,5z'
    expect(await navigate(maps)).toEqual({ url: maps, prevented: true })
    expect(await electron.waitForLine(/^open-external /)).toBe(`open-external ${maps}`)
    // Only the allowlisted one was handed to the browser.
    expect(electron.output.filter((line) => line.startsWith('open-external '))).toHaveLength(1)

    expect(await page.evaluate(() => location.protocol)).toBe('file:')
    await expect(page.getByRole('button', { name: 'Start crawl' })).toBeVisible()
  })

  test('window.open is denied; only an allowlisted link reaches the browser', async ({
    electron
  }) => {
    const { app, page } = electron
    const maps = 'https://www.google.com/maps/@1,2,3z'
    const results = await page.evaluate((allowed) => {
      return [
        window.open('https://example.com/'),
        window.open('file:///etc/passwd'),
        window.open('https://www.google.com.evil.example/maps/'),
        window.open(allowed)
      ].map((opened) => opened === null)
    }, maps)
    expect(results).toEqual([true, true, true, true])
    // The open-external line for the allowed one comes after any the others would have printed.
    expect(await electron.waitForLine(/^open-external /)).toBe(`open-external ${maps}`)
    expect(electron.output.filter((line) => line.startsWith('open-external '))).toHaveLength(1)
    expect(app.windows()).toHaveLength(1)
  })

  test('openInMaps opens only the allowlisted Maps URL and refuses bad ids', async ({
    electron
  }) => {
    const { page } = electron
    expect(await invokeRaw(page, 'openInMaps', [-1])).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' }
    })
    expect(await invokeRaw(page, 'openInMaps', ['https://example.com/'])).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' }
    })
    expect(await invokeRaw(page, 'openInMaps', [99_999])).toMatchObject({
      ok: false,
      error: { code: 'not-found' }
    })
    expect(electron.output.filter((line) => line.startsWith('open-external '))).toEqual([])

    expect(await invokeRaw(page, 'openInMaps', [ID])).toEqual({ ok: true, value: null })
    expect(await electron.waitForLine(/^open-external /)).toMatch(
      /^open-external https:\/\/www\.google\.com\/maps\/@-?\d/
    )
  })

  test('the page has no Node, only the two transport functions, and listeners get only the payload', async ({
    electron
  }) => {
    const { page } = electron
    const surface = await page.evaluate(() => {
      const g = globalThis as unknown as PageGlobals
      return {
        require: typeof g['require'],
        process: typeof g['process'],
        module: typeof g['module'],
        Buffer: typeof g['Buffer'],
        ipcRenderer: typeof g['ipcRenderer'],
        electron: typeof g['electron'],
        transport: Object.keys(g.galleryTransport ?? {}).sort()
      }
    })
    expect(surface).toEqual({
      require: 'undefined',
      process: 'undefined',
      module: 'undefined',
      Buffer: 'undefined',
      ipcRenderer: 'undefined',
      electron: 'undefined',
      transport: ['invoke', 'on']
    })

    expect(await invokeRaw(page, 'constructor', [])).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' }
    })
    expect(await invokeRaw(page, 'getState', 'not a list')).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' }
    })
    const unknownEvent = await page.evaluate(() => {
      try {
        ;(globalThis as unknown as PageGlobals).galleryTransport!.on('not-an-event', () => {})
        return 'subscribed'
      } catch {
        return 'refused'
      }
    })
    expect(unknownEvent).toBe('refused')

    const received = await page.evaluate(async (id) => {
      const transport = (globalThis as unknown as PageGlobals).galleryTransport!
      const seen = new Promise<{ count: number; favorites: unknown }>((resolve) => {
        const off = transport.on('settingsChanged', (...args: unknown[]) => {
          off()
          resolve({ count: args.length, favorites: (args[0] as { favorites?: unknown }).favorites })
        })
      })
      await transport.invoke('setFavorite', [id, true])
      return seen
    }, ID)
    expect(received).toEqual({ count: 1, favorites: [ID] })
  })

  test('earthview: serves library files by id, with the right headers, and nothing else', async ({
    electron
  }) => {
    const { app, page, standin } = electron
    expect(await invokeRaw(page, 'startCrawl', [{ ids: String(ID) }])).toMatchObject({ ok: true })
    await expect
      .poll(async () => {
        const state = await invokeRaw(page, 'getState', [])
        return state.ok && (state.value as { library: { ids: number[] } }).library.ids
      })
      .toEqual([ID])

    const fetchInMain = (url: string) =>
      app.evaluate(async ({ net }, target) => {
        const response = await net.fetch(target)
        const body = Buffer.from(await response.arrayBuffer())
        return {
          status: response.status,
          type: response.headers.get('content-type'),
          cache: response.headers.get('cache-control'),
          nosniff: response.headers.get('x-content-type-options'),
          body: body.toString('base64')
        }
      }, url)

    const image = await fetchInMain(`earthview://image/${ID}`)
    expect(image).toMatchObject({
      status: 200,
      type: 'image/jpeg',
      cache: 'no-cache',
      nosniff: 'nosniff'
    })
    expect(image.body).toBe(standin.expectedJpeg(ID).toString('base64'))

    const thumb = await fetchInMain(`earthview://thumb/${ID}?v=1`)
    expect(thumb).toMatchObject({
      status: 200,
      cache: 'private, max-age=31536000, immutable',
      nosniff: 'nosniff'
    })
    expect(thumb.type).toMatch(/^image\//)

    for (const url of [
      'earthview://image/99999',
      `earthview://image/${ID}.jpg`,
      `earthview://image/${ID}/extra`,
      'earthview://image/..%2Fsettings.json',
      'earthview://image/%2e%2e%2fsettings.json',
      'earthview://image/..%5Csettings.json',
      `earthview://secret/${ID}`,
      `earthview://image/0${ID}`
    ]) {
      expect((await fetchInMain(url)).status, url).toBe(404)
    }

    // And from the page, as an <img> would load it.
    const loads = await page.evaluate(
      (urls) =>
        Promise.all(
          urls.map(
            (url) =>
              new Promise<string>((resolve) => {
                const img = new Image()
                img.onload = () => resolve(img.naturalWidth > 0 ? 'load' : 'empty')
                img.onerror = () => resolve('error')
                img.src = url
              })
          )
        ),
      [`earthview://image/${ID}`, 'earthview://image/..%2Fsettings.json', 'earthview://image/99999']
    )
    expect(loads).toEqual(['load', 'error', 'error'])
  })
})
