/**
 * Thumbnails the way the app makes them inside Electron on Linux: sharp's WebAssembly build in
 * worker threads, from the built bundle's own worker file. EARTHVIEW_IMAGE_ENGINE=wasm gives the
 * bridge that engine; the grid must fill with real thumbnails while the bridge process never maps
 * native libvips. (Under the `electron` project the app picks that engine by itself on Linux.)
 */
import { readFile } from 'node:fs/promises'
import { Catalog } from '../src/main/core/catalog/catalog'
import { expect, test } from './fixtures/app'

const FIRST = 1003
const LAST = 1040
const SAVED = new Catalog().entries().filter((entry) => entry.id >= FIRST && entry.id <= LAST)

test.use({
  appOptions: {
    ids: `${FIRST}-${LAST}`,
    env: { ...process.env, EARTHVIEW_IMAGE_ENGINE: 'wasm' }
  },
  standinOptions: { imageSize: 'real' }
})

test('the grid shows 400 px thumbnails made by WebAssembly sharp, with no native libvips loaded', async ({
  gallery
}) => {
  test.skip(gallery.kind !== 'web', 'the bridge is where the engine can be chosen')
  const { page } = gallery
  await page.getByRole('button', { name: 'Start crawl' }).click()
  await gallery.waitForCrawlEnd(LAST - FIRST + 1)

  for (const entry of SAVED.slice(0, 4)) {
    const image = gallery.item(entry.id).locator('img')
    await expect
      .poll(() =>
        image
          .evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0))
          .catch(() => 0)
      )
      .toBe(400)
  }

  if (process.platform === 'linux') {
    const maps = await readFile(`/proc/${gallery.bridge!.pid}/maps`, 'utf8')
    expect(maps).not.toMatch(/libvips|@img\/sharp-(?!wasm32)/)
  }
})
