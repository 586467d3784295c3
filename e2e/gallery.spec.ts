/**
 * The gallery as a person uses it, in Chromium through the browser bridge (and in Electron where
 * a binary exists): empty state → a live crawl → the grid → the detail view → keyboard → find →
 * favorites → downloads. Screenshots of the key states are attached to the report and kept in
 * test-results/screenshots/ for review.
 */
import { mkdir, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page, TestInfo } from '@playwright/test'
import { placeName, type CatalogEntry } from '../src/shared/catalog'
import { Catalog } from '../src/main/core/catalog/catalog'
import { expect, test, type GalleryApp } from './fixtures/app'

const CATALOG = new Catalog().entries()
const byId = new Map(CATALOG.map((entry) => [entry.id, entry]))
// 198 ids, 136 of them in the catalog (the stand-in serves those; the rest are 404s).
const FIRST = 1003
const LAST = 1200
const REQUESTED = LAST - FIRST + 1
const SAVED = CATALOG.filter((entry) => entry.id >= FIRST && entry.id <= LAST)

test.use({ appOptions: { ids: `${FIRST}-${LAST}` } })

async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const dir = join(process.cwd(), 'test-results', 'screenshots')
  await mkdir(dir, { recursive: true })
  const path = join(dir, `${name}.png`)
  // The pointer rests off the grid, so no tile shows its hover caption by accident.
  await page.mouse.move(0, 0)
  await page.screenshot({ path, animations: 'disabled' })
  await testInfo.attach(name, { path, contentType: 'image/png' })
}

async function crawlAll(gallery: GalleryApp): Promise<void> {
  await gallery.page.getByRole('button', { name: 'Start crawl' }).click()
  await gallery.waitForCrawlEnd(REQUESTED)
}

/** True once the <img> inside the item has decoded a real picture. */
async function thumbnailLoaded(gallery: GalleryApp, id: number): Promise<boolean> {
  return gallery
    .item(id)
    .locator('img')
    .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)
    .catch(() => false)
}

const grid = (gallery: GalleryApp) => gallery.page.getByRole('list', { name: 'Gallery' })

const focusedId = (page: Page) =>
  page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.id ?? null)

test.describe('with a slow source', () => {
  // Slow (5 rounds of 2 s at the default concurrency of 48), and the last document is held back
  // until Pause and Resume have been tried: the crawl cannot end first, however busy the machine.
  test.use({ standinOptions: { imageSize: 'small', latencyMs: 2_000, holdBack: [LAST] } })

  test('empty state, then a crawl fills the grid live; pause and resume', async ({
    gallery
  }, testInfo) => {
    const { page } = gallery
    await expect(page.getByRole('heading', { name: 'The Earth, from above' })).toBeVisible()
    await expect(page.getByText(/Start a crawl to save them all/)).toBeVisible()
    await expect(page.getByRole('button', { name: 'Start crawl' })).toHaveCount(1)
    await expect(page.getByText('/Downloads go to/')).toHaveCount(0)
    await screenshot(page, testInfo, 'empty-state')

    await page.getByRole('button', { name: 'Start crawl' }).click()
    await expect(grid(gallery)).toBeVisible()
    const bar = gallery.progressBar()
    await expect(bar).toHaveAttribute('aria-valuemax', String(REQUESTED))

    // Thumbnails replace the tinted placeholders as images arrive.
    await expect.poll(() => thumbnailLoaded(gallery, SAVED[0]!.id)).toBe(true)
    await expect
      .poll(async () => Number(await bar.getAttribute('aria-valuenow')))
      .toBeGreaterThanOrEqual(24)
    await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible()
    await expect(page.getByText(/images\/s · [\d.]+ MB\/s/)).toBeVisible()
    await screenshot(page, testInfo, 'grid-during-crawl')

    await page.getByRole('button', { name: 'Pause' }).click()
    await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible()
    await expect(page.getByText('Paused')).toBeVisible()
    await page.getByRole('button', { name: 'Resume' }).click()
    await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible()
    gallery.standin.release()

    await gallery.waitForCrawlEnd(REQUESTED)
    await expect(page.getByText(`${SAVED.length} saved`)).toBeVisible()
    await expect(page.getByText(`${REQUESTED - SAVED.length} missing`)).toBeVisible()
    for (const entry of SAVED.slice(0, 10)) {
      await expect.poll(() => thumbnailLoaded(gallery, entry.id)).toBe(true)
    }
    // Not-yet-saved items beyond the crawled range stay placeholders in their own colour.
    const beyond = CATALOG.find((entry) => entry.id > LAST)!
    await page.getByRole('searchbox', { name: 'Search places' }).fill(String(beyond.id))
    await expect(gallery.item(beyond.id)).toBeVisible()
    await expect(gallery.item(beyond.id).locator('img')).toHaveCount(0)
  })
})

test('the detail view: full image, place, coordinates, actions, previous / next, focus return', async ({
  gallery
}, testInfo) => {
  const { page } = gallery
  // Everything below runs under the page's strict CSP: any violation is recorded and fails.
  await page.addInitScript(() => {
    const w = window as unknown as { cspViolations: string[] }
    w.cspViolations = []
    document.addEventListener('securitypolicyviolation', (event) =>
      w.cspViolations.push(
        `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`
      )
    )
  })
  await page.reload()
  await crawlAll(gallery)
  const [first, second] = SAVED as [CatalogEntry, CatalogEntry]
  await expect(gallery.item(first.id)).toHaveAccessibleName(`${placeName(first)} (${first.id})`)

  await page.emulateMedia({ colorScheme: 'dark' })
  await expect.poll(() => thumbnailLoaded(gallery, second.id)).toBe(true)
  await screenshot(page, testInfo, 'grid-dark')
  await gallery.item(second.id).click()
  const dialog = page.getByRole('dialog', { name: placeName(second) })
  await expect(dialog).toBeVisible()
  await expect(dialog).toHaveAttribute('aria-modal', 'true')
  const image = dialog.locator('img.detail-image')
  await expect
    .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
    .toBeGreaterThan(0)
  await expect(dialog.getByText(/\d+\.\d{4}° [NS], \d+\.\d{4}° [EW]/)).toBeVisible()
  await expect(dialog.getByText(second.attribution)).toBeVisible()
  await screenshot(page, testInfo, 'detail-view')

  await dialog.getByRole('button', { name: 'Previous' }).click()
  await expect(page.getByRole('dialog', { name: placeName(first) })).toBeVisible()
  await page.keyboard.press('ArrowRight')
  await expect(page.getByRole('dialog', { name: placeName(second) })).toBeVisible()

  // Open in Google Maps goes through the app's allowlisted opener.
  await page.getByRole('button', { name: 'Open in Google Maps' }).click()
  await gallery.bridge?.waitForLine(/^open-external https:\/\/www\.google\.com\/maps\//)

  await page.getByRole('button', { name: 'Set as wallpaper' }).click()
  await expect(page.getByRole('dialog').getByRole('status')).not.toHaveText('', { timeout: 20_000 })

  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog')).toHaveCount(0)
  await expect.poll(() => focusedId(page)).toBe(String(second.id))

  await page.getByRole('button', { name: 'Close' }).waitFor({ state: 'detached' })
  expect(
    await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)
  ).toEqual([])
})

test('keyboard: arrows move focus, Enter opens, Escape closes, Shift+arrows select', async ({
  gallery
}) => {
  const { page } = gallery
  await crawlAll(gallery)
  const first = SAVED[0]!
  await gallery.item(first.id).focus()
  await page.keyboard.press('ArrowRight')
  await expect.poll(() => focusedId(page)).toBe(String(SAVED[1]!.id))

  // Down lands on the item straight below.
  const before = await page.locator(':focus').boundingBox()
  await page.keyboard.press('ArrowDown')
  const after = await page.locator(':focus').boundingBox()
  expect(after!.x).toBeCloseTo(before!.x, 0)
  expect(after!.y).toBeGreaterThan(before!.y)

  const id = Number(await focusedId(page))
  await page.keyboard.press('Enter')
  await expect(page.getByRole('dialog', { name: placeName(byId.get(id)!) })).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog')).toHaveCount(0)
  await expect.poll(() => focusedId(page)).toBe(String(id))

  // Far down the list, the virtualizer scrolls to keep the focused item in view.
  await page.keyboard.press('Control+End')
  await expect.poll(() => focusedId(page)).toBe(String(CATALOG.at(-1)!.id))
  await expect(page.locator(':focus')).toBeInViewport()

  await page.keyboard.press('Control+Home')
  await expect.poll(() => focusedId(page)).toBe(String(first.id))
  await page.keyboard.press('Shift+ArrowRight')
  await page.keyboard.press('Shift+ArrowRight')
  await expect(page.getByRole('button', { name: 'Download 3 selected' })).toBeVisible()
})

test('find: filter by place, saved only, sort by colour; favorites persist', async ({
  gallery
}) => {
  const { page } = gallery
  await crawlAll(gallery)
  const search = page.getByRole('searchbox', { name: 'Search places' })
  await search.fill('CHINA')
  const china = CATALOG.filter((entry) => placeName(entry).toLowerCase().includes('china'))
  await expect(page.getByText(`${china.length.toLocaleString('en-US')} images`)).toBeVisible()
  for (const label of await grid(gallery)
    .getByRole('button')
    .evaluateAll((items) => items.map((item) => item.getAttribute('aria-label')))) {
    expect(label).toMatch(/China/)
  }

  await page.getByRole('radio', { name: 'Saved' }).check()
  const savedChina = SAVED.filter((entry) => china.includes(entry))
  await expect(page.getByText(`${savedChina.length} images`)).toBeVisible()

  await search.fill('')
  await page.getByRole('combobox', { name: 'Sort by' }).selectOption('colour')
  const ids = await grid(gallery)
    .locator('[data-id]')
    .evaluateAll((items) => items.map((item) => Number((item as HTMLElement).dataset.id)))
  const hues = ids.slice(0, 12).map((id) => byId.get(id)!.hue)
  expect(hues).toEqual([...hues].sort((a, b) => a - b))

  // Favorites are saved with the settings: they survive a restart.
  const favorite = SAVED[3]!
  await page.getByRole('combobox', { name: 'Sort by' }).selectOption('id')
  await gallery.item(favorite.id).click()
  const toggle = page.getByRole('button', { name: 'Favorite', exact: true })
  await expect(toggle).toHaveAttribute('aria-pressed', 'false')
  await toggle.click()
  await expect(toggle).toHaveAttribute('aria-pressed', 'true')
  await page.keyboard.press('Escape')

  await gallery.restart()
  await gallery.page.getByRole('button', { name: 'Favorites only' }).click()
  await expect(grid(gallery).locator('[data-id]')).toHaveCount(1)
  await expect(gallery.item(favorite.id)).toBeVisible()
  await expect(gallery.page.getByText('1 image', { exact: true })).toBeVisible()
})

test('downloads: choose a folder, download one, a selection and the context menu', async ({
  gallery
}) => {
  const { page } = gallery
  await crawlAll(gallery)
  await page.getByRole('button', { name: 'Choose download folder' }).click()
  await expect(page.locator('.folder-path')).toHaveText(gallery.downloadDir)

  const [a, b, c] = SAVED as [CatalogEntry, CatalogEntry, CatalogEntry]
  await gallery.item(a.id).click()
  await page.getByRole('button', { name: 'Download', exact: true }).click()
  const toast = page.getByRole('status').filter({ hasText: 'Downloaded' })
  await expect(toast).toContainText(gallery.downloadDir)
  await toast.getByRole('button', { name: 'Show in folder' }).click()
  await gallery.bridge?.waitForLine(/^show-folder /)
  await page.keyboard.press('Escape')

  await gallery.item(b.id).click({ modifiers: ['ControlOrMeta'] })
  await gallery.item(c.id).click({ modifiers: ['ControlOrMeta'] })
  await page.getByRole('button', { name: 'Download 2 selected' }).click()
  await expect.poll(async () => (await readdir(gallery.downloadDir)).length).toBe(3)

  // Right click and Shift+F10 open the same menu.
  await gallery.item(c.id).click({ button: 'right' })
  const menu = page.getByRole('menu')
  await expect(menu.getByRole('menuitem')).toHaveText([
    'Set as wallpaper',
    'Download',
    'Open in Google Maps'
  ])
  await page.keyboard.press('Escape')
  await expect(menu).toHaveCount(0)
  await expect.poll(() => focusedId(page)).toBe(String(c.id))
  await page.keyboard.press('Shift+F10')
  await menu.getByRole('menuitemcheckbox', { name: 'Favorite' }).click()
  await page.getByRole('button', { name: 'Favorites only' }).click()
  await expect(grid(gallery).locator('[data-id]')).toHaveCount(1)
})
