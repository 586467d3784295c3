import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { KNOWN_IDS } from '../src/main/core/catalog/catalog'
import { expect, test } from './fixtures/app'

// 1003–1020: 18 ids, of which the catalog (and so the stand-in) has a handful; the rest are 404s.
const IDS = '1003-1020'
test.use({ appOptions: { ids: IDS } })

test('a crawl started from the window streams progress and items, and the library survives a restart', async ({
  gallery,
  standin
}) => {
  const { page } = gallery
  const existing = Array.from({ length: 18 }, (_, i) => 1003 + i).filter((id) =>
    KNOWN_IDS.includes(id)
  )
  expect(existing.length).toBeGreaterThan(3)

  await page.getByRole('button', { name: 'Start crawl' }).click()
  await gallery.waitForCrawlEnd(18)

  // Every image the source has is in the library, byte for byte, and shown as a thumbnail.
  for (const id of existing) {
    const saved = await readFile(join(gallery.dataDir, 'library', `${id}.jpg`))
    expect(saved.equals(standin.expectedJpeg(id)), `library/${id}.jpg`).toBe(true)
    await expect(gallery.item(id).locator('img')).toBeVisible()
  }
  await expect(page.getByText(`${existing.length} saved`)).toBeVisible()
  await expect(page.getByText(`${18 - existing.length} missing`)).toBeVisible()

  const requestsBefore = standin.totalRequests()
  await gallery.restart()
  for (const id of existing) await expect(gallery.item(id).locator('img')).toBeVisible()
  // A thumbnail the page shows is a real image served from the library.
  const thumb = gallery.item(existing[0]!).locator('img')
  await expect
    .poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
    .toBeGreaterThan(100)
  // Restarting crawled nothing again.
  expect(standin.totalRequests()).toBe(requestsBefore)
})
