/**
 * The world map beside the grid, in Chromium through the browser bridge: markers where their
 * places are, the same places as the grid under every filter, a click opens the right detail,
 * "Show on map" and "Nearby" from the detail view, zoom and pan, the keyboard, a crawl filling
 * the markers in, and the choice remembered. Screenshots in both themes go to
 * test-results/screenshots/ for review.
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Locator, Page, TestInfo } from '@playwright/test'
import { placeName, type CatalogEntry } from '../src/shared/catalog'
import { Catalog } from '../src/main/core/catalog/catalog'
import { expect, test, type GalleryApp } from './fixtures/app'
import { cspViolations, recordCspViolations } from './fixtures/csp'

const CATALOG = new Catalog().entries()
const byId = new Map(CATALOG.map((entry) => [entry.id, entry]))

/** A crawl of the ids first..last: the places of the catalog in it are saved, the rest dim. */
function crawlRange(first: number, last: number) {
  return {
    ids: `${first}-${last}`,
    requested: last - first + 1,
    saved: CATALOG.filter((entry) => entry.id >= first && entry.id <= last)
  }
}

// 298 ids, 190 places: the screenshots show bright (saved) and dim markers around the world.
const WIDE = crawlRange(1003, 1300)
// 58 ids, 40 places: enough for the map to show, quick to crawl on a shared machine.
const SMALL = crawlRange(1003, 1060)

// Each test crawls first, and the machine is shared.
test.describe.configure({ timeout: 120_000 })
test.use({ appOptions: { ids: SMALL.ids } })

async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const dir = join(process.cwd(), 'test-results', 'screenshots')
  await mkdir(dir, { recursive: true })
  const path = join(dir, `${name}.png`)
  await page.screenshot({ path, animations: 'disabled' })
  await testInfo.attach(name, { path, contentType: 'image/png' })
}

async function crawl(gallery: GalleryApp, range = SMALL): Promise<void> {
  await gallery.page.getByRole('button', { name: 'Start crawl' }).click()
  await gallery.waitForCrawlEnd(range.requested)
}

const worldMap = (page: Page) => page.getByRole('group', { name: 'World map' })
const markers = (page: Page) => worldMap(page).locator('[data-id]')
const marker = (page: Page, id: number) => worldMap(page).locator(`[data-id="${id}"]`)
const gridItems = (page: Page) => page.getByRole('list', { name: 'Gallery' }).locator('[data-id]')
const shownCount = (page: Page) => page.locator('.findbar .count')

async function showMap(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Map', exact: true }).click()
  await expect(page.getByRole('button', { name: 'Map', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true'
  )
  await expect(worldMap(page)).toBeVisible()
}

async function showGrid(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Grid', exact: true }).click()
  await expect(page.getByRole('list', { name: 'Gallery' })).toBeVisible()
}

/** Marker centres on screen, by id. */
async function markerCentres(page: Page): Promise<Map<number, { x: number; y: number }>> {
  const centres = await markers(page).evaluateAll((elements) =>
    elements.map((element) => {
      const rect = element.getBoundingClientRect()
      return [
        Number((element as SVGElement).dataset.id),
        { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 }
      ] as const
    })
  )
  return new Map(centres)
}

/** The ids the grid shows, in its order (it is virtualised: read from the app's own count). */
async function gridCount(page: Page): Promise<number> {
  await showGrid(page)
  const text = (await shownCount(page).textContent()) ?? ''
  return Number(text.replace(/[^\d]/g, ''))
}

/** Markers of these places that nothing covers at their centre, so a pointer can reach them. */
async function reachable(page: Page, places: readonly CatalogEntry[]): Promise<CatalogEntry[]> {
  const wanted = new Set(places.map((entry) => entry.id))
  const ids = await markers(page).evaluateAll(
    (elements, wanted) =>
      elements
        .filter((element) => {
          if (!wanted.includes(Number((element as SVGElement).dataset.id))) return false
          const rect = element.getBoundingClientRect()
          const hit = document.elementFromPoint(
            rect.left + rect.width / 2,
            rect.top + rect.height / 2
          )
          return hit === element
        })
        .map((element) => Number((element as SVGElement).dataset.id)),
    [...wanted]
  )
  return ids.map((id) => byId.get(id)!)
}

/** How many markers in view are not drawn at their size on screen (beyond the drift allowed). */
function markersOffSize(page: Page): Promise<number> {
  return worldMap(page).evaluate((svg) => {
    const view = svg.getBoundingClientRect()
    let off = 0
    for (const element of svg.querySelectorAll('[data-id]')) {
      const box = element.getBoundingClientRect()
      const [x, y] = [box.left + box.width / 2, box.top + box.height / 2]
      if (x < view.left || x > view.right || y < view.top || y > view.bottom) continue
      // Radius in px: a saved place 4, one not saved yet 3, the hovered or focused one 6.5.
      const expected = element.matches(':hover, :focus')
        ? 6.5
        : element.hasAttribute('data-saved')
          ? 4
          : 3
      if (Math.abs(box.width / 2 / expected - 1) > 0.08) off++
    }
    return off
  })
}

async function waitForStill(locator: Locator): Promise<void> {
  // The map animates zooms for 0.6 s: wait until the marker stops moving.
  let last = ''
  await expect
    .poll(async () => {
      const box = JSON.stringify(await locator.boundingBox())
      const still = box === last
      last = box
      return still
    })
    .toBe(true)
}

test.describe('after a wider crawl', () => {
  test.use({ appOptions: { ids: WIDE.ids } })

  test('the map: places by their coordinates, saved ones bright, a click opens the detail, both themes', async ({
    gallery
  }, testInfo) => {
    const { page } = gallery
    // Everything below runs under the page's strict CSP (d3 sets styles through the DOM, which
    // it allows): any violation is recorded and fails.
    await recordCspViolations(page)
    await page.reload()
    await crawl(gallery, WIDE)

    await expect(page.getByRole('button', { name: 'Grid', exact: true })).toHaveAttribute(
      'aria-pressed',
      'true'
    )
    await showMap(page)
    await expect(markers(page)).toHaveCount(CATALOG.length)
    await expect(page.getByRole('list', { name: 'Gallery' })).toHaveCount(0)

    // East is right and north is up, for places away from the poles. Equal Earth bends meridians,
    // so east-west order is compared between places at similar latitudes.
    const centres = await markerCentres(page)
    const temperate = CATALOG.filter((entry) => Math.abs(entry.lat) < 60)
    let eastChecks = 0
    for (let i = 0; i < temperate.length; i += 7) {
      const a = temperate[i]!
      const b = temperate[(i * 31 + 17) % temperate.length]!
      const [pa, pb] = [centres.get(a.id)!, centres.get(b.id)!]
      if (Math.abs(a.lat - b.lat) > 2) {
        expect(Math.sign(pb.y - pa.y), `${a.id} vs ${b.id}: north is up`).toBe(
          -Math.sign(b.lat - a.lat)
        )
      }
      if (Math.abs(a.lat - b.lat) < 10 && Math.abs(a.lng - b.lng) > 2) {
        expect(Math.sign(pb.x - pa.x), `${a.id} vs ${b.id}: east is right`).toBe(
          Math.sign(b.lng - a.lng)
        )
        eastChecks++
      }
    }
    expect(eastChecks).toBeGreaterThan(20)
    const saved = (await markers(page).evaluateAll(
      (all) => all.filter((element) => element.hasAttribute('data-saved')).length
    )) as number
    expect(saved).toBe(WIDE.saved.length)

    // Light and dark: screenshots to look at, with a tooltip over a saved place.
    const [tipPlace] = await reachable(page, WIDE.saved.slice(10))
    if (!tipPlace) throw new Error('every saved marker is covered by another')
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme })
      await marker(page, tipPlace.id).hover()
      const tooltip = page.locator('.map-tooltip')
      await expect(tooltip).toContainText(placeName(tipPlace))
      await expect
        .poll(() =>
          tooltip
            .locator('img')
            .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)
        )
        .toBe(true)
      await screenshot(page, testInfo, `map-${scheme}`)
    }
    await page.mouse.move(5, 5)
    await expect(page.locator('.map-tooltip')).toHaveCount(0)

    // A click opens the same detail as the grid, with previous / next in the grid's order (by id).
    await marker(page, tipPlace.id).click()
    const dialog = page.getByRole('dialog', { name: placeName(tipPlace) })
    await expect(dialog).toBeVisible()
    await dialog.getByRole('button', { name: 'Next' }).click()
    const next = CATALOG[CATALOG.indexOf(byId.get(tipPlace.id)!) + 1]!
    await expect(page.getByRole('dialog', { name: placeName(next) })).toBeVisible()
    await page.keyboard.press('Escape')
    await expect(page.getByRole('dialog')).toHaveCount(0)

    expect(await cspViolations(page)).toEqual([])
  })
})

test('the find bar applies to the map: the grid’s places and count; the choice is remembered', async ({
  gallery
}) => {
  const { page } = gallery
  await crawl(gallery)
  await showMap(page)
  await expect(markers(page)).toHaveCount(CATALOG.length)

  // The same count as the grid under each filter.
  const search = page.getByRole('searchbox', { name: 'Search places' })
  const filters: [string, () => Promise<void>][] = [
    ['search "chile"', () => search.fill('chile')],
    ['saved only', () => page.getByRole('radio', { name: 'Saved' }).check()],
    ['search cleared', () => search.fill('')]
  ]
  for (const [label, apply] of filters) {
    await apply()
    const count = await gridCount(page)
    expect(count, label).toBeLessThan(CATALOG.length)
    await showMap(page)
    await expect(markers(page), label).toHaveCount(count)
  }
  const downloaded = await markers(page).evaluateAll((all) =>
    all.map((element) => Number((element as SVGElement).dataset.id))
  )
  expect(downloaded.sort((a, b) => a - b)).toEqual(SMALL.saved.map((entry) => entry.id))
  await page.getByRole('radio', { name: 'All' }).check()
  await expect(markers(page)).toHaveCount(CATALOG.length)

  // Favorites only: one favourite, one marker, marked as one.
  const [favorite] = await reachable(page, SMALL.saved)
  await marker(page, favorite!.id).click()
  await page.getByRole('button', { name: 'Favorite', exact: true }).click()
  await page.keyboard.press('Escape')
  await page.getByRole('button', { name: 'Favorites only' }).click()
  await expect(markers(page)).toHaveCount(1)
  await expect(marker(page, favorite!.id)).toHaveAttribute('data-favorite', '')
  await page.getByRole('button', { name: 'Favorites only' }).click()

  // The choice is a setting: a restart opens on the map.
  await gallery.restart()
  await expect(worldMap(gallery.page)).toBeVisible()
  await expect(markers(gallery.page)).toHaveCount(CATALOG.length)
  await showGrid(gallery.page)
  await gallery.restart()
  await expect(gallery.page.getByRole('list', { name: 'Gallery' })).toBeVisible()
})

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

const RADIANS = Math.PI / 180

/** Haversine on the mean Earth radius, written out here so the test does not check the app with itself. */
function kmBetween(
  a: Pick<CatalogEntry, 'lat' | 'lng'>,
  b: Pick<CatalogEntry, 'lat' | 'lng'>
): number {
  const h =
    Math.sin(((b.lat - a.lat) * RADIANS) / 2) ** 2 +
    Math.cos(a.lat * RADIANS) *
      Math.cos(b.lat * RADIANS) *
      Math.sin(((b.lng - a.lng) * RADIANS) / 2) ** 2
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h))
}

test('the detail view: Nearby lists the five nearest places, "Show on map" centres and rings one', async ({
  gallery
}, testInfo) => {
  const { page } = gallery
  await crawl(gallery)
  // A place in the grid's first rows, away from the poles (there the map cannot centre it).
  const place = CATALOG.slice(0, 10).find((entry) => Math.abs(entry.lat) < 50)!
  await gallery.item(place.id).click()
  const dialog = page.getByRole('dialog', { name: placeName(place) })
  await expect(dialog).toBeVisible()

  const expected = CATALOG.filter((entry) => entry.id !== place.id)
    .map((entry) => ({ entry, km: kmBetween(place, entry) }))
    .sort((a, b) => a.km - b.km || a.entry.id - b.entry.id)
    .slice(0, 5)
  const nearby = dialog.getByRole('list', { name: 'Nearby' }).getByRole('button')
  await expect(nearby).toHaveCount(5)
  for (const [index, { entry, km }] of expected.entries()) {
    const item = nearby.nth(index)
    await expect(item).toHaveAccessibleName(new RegExp(`^${escapeRegExp(placeName(entry))}, `))
    const shown = Number(
      ((await item.locator('.nearby-distance').textContent()) ?? '').replace(/[^\d.]/g, '')
    )
    expect(
      Math.abs(shown - km),
      `${entry.id}: ${shown} km shown, ${km.toFixed(1)} km expected`
    ).toBeLessThanOrEqual(km < 10 ? 0.05 : 0.5)
  }
  await page.getByRole('button', { name: 'Dismiss notification' }).click()
  await screenshot(page, testInfo, 'detail-nearby')

  // A nearby place opens its own detail, which has its own Nearby.
  const second = expected[1]!.entry
  await nearby.nth(1).click()
  const secondDialog = page.getByRole('dialog', { name: placeName(second) })
  await expect(secondDialog).toBeVisible()
  await expect(secondDialog.getByRole('list', { name: 'Nearby' }).getByRole('button')).toHaveCount(
    5
  )

  // Show on map: the map, centred on the place, its marker ringed and focused.
  await secondDialog.getByRole('button', { name: 'Show on map' }).click()
  await expect(page.getByRole('dialog')).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Map', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true'
  )
  const target = marker(page, second.id)
  await expect(target).toHaveAttribute('data-highlighted', '')
  await expect(target).toBeFocused()
  await waitForStill(target)
  const box = (await target.boundingBox())!
  const mapBox = (await worldMap(page).boundingBox())!
  // Centred (a spread cluster may move it a marker or two from its place).
  expect(Math.abs(box.x + box.width / 2 - (mapBox.x + mapBox.width / 2))).toBeLessThan(40)
  expect(Math.abs(box.y + box.height / 2 - (mapBox.y + mapBox.height / 2))).toBeLessThan(40)
  await expect(page.locator('.map-tooltip')).toContainText(placeName(second))
  await page.emulateMedia({ colorScheme: 'dark' })
  await screenshot(page, testInfo, 'map-show-on-map-dark')

  // A place the find bar hides: the map says so and offers to show all places.
  await showGrid(page)
  const search = page.getByRole('searchbox', { name: 'Search places' })
  await search.fill(String(place.id))
  await expect(gridItems(page)).toHaveCount(1)
  await gallery.item(place.id).click()
  const hidden = expected[0]!.entry
  await page
    .getByRole('dialog')
    .getByRole('list', { name: 'Nearby' })
    .getByRole('button')
    .first()
    .click()
  await page
    .getByRole('dialog', { name: placeName(hidden) })
    .getByRole('button', { name: 'Show on map' })
    .click()
  const notice = page.getByRole('status').filter({ hasText: 'is not among the places shown' })
  await expect(notice).toContainText(placeName(hidden))
  await expect(marker(page, hidden.id)).toHaveCount(0)
  await notice.getByRole('button', { name: 'Show all places' }).click()
  await expect(search).toHaveValue('')
  await expect(marker(page, hidden.id)).toHaveAttribute('data-highlighted', '')
  await expect(notice).toHaveCount(0)
})

test('zoom and pan: buttons, wheel, drag, Fit world; markers keep their size, dense places spread out', async ({
  gallery
}, testInfo) => {
  const { page } = gallery
  await recordCspViolations(page)
  await page.reload()
  await crawl(gallery)
  await showMap(page)
  // Two places near the middle of the map (West and Central Africa): in view at every step below.
  const nearest = (lat: number, lng: number) =>
    CATALOG.reduce((best, entry) =>
      kmBetween(entry, { lat, lng }) < kmBetween(best, { lat, lng }) ? entry : best
    )
  const [a, b] = [nearest(6, 2), nearest(-2, 14)]
  const centre = async (id: number) => {
    const box = (await marker(page, id).boundingBox())!
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 }
  }
  const distance = async () => {
    const [pa, pb] = [await centre(a.id), await centre(b.id)]
    return Math.hypot(pa.x - pb.x, pa.y - pb.y)
  }
  const fitted = await distance()
  // Zooms animate: wait for the distance to get where it should, then for every marker in view
  // to have its size on screen back.
  const zoomedBy = async (factor: number) => {
    await expect.poll(async () => (await distance()) / fitted).toBeCloseTo(factor, 1)
    await expect.poll(() => markersOffSize(page)).toBe(0)
  }
  expect(await markersOffSize(page)).toBe(0)

  await page.getByRole('button', { name: 'Zoom in' }).click()
  await zoomedBy(2)
  await page.getByRole('button', { name: 'Zoom out' }).click()
  await zoomedBy(1)

  // The wheel zooms in about the pointer; a drag pans by as much as the pointer moved.
  const mapBox = (await worldMap(page).boundingBox())!
  await page.mouse.move(mapBox.x + mapBox.width / 2, mapBox.y + mapBox.height / 2)
  await page.mouse.wheel(0, -600)
  // d3-zoom: 2^(600 × 0.002) = 2.3 times.
  await zoomedBy(2.3)
  const before = await centre(a.id)
  await page.mouse.move(mapBox.x + 300, mapBox.y + 300)
  await page.mouse.down()
  await page.mouse.move(mapBox.x + 400, mapBox.y + 340, { steps: 8 })
  await page.mouse.up()
  const after = await centre(a.id)
  expect(after.x - before.x).toBeCloseTo(100, -1)
  expect(after.y - before.y).toBeCloseTo(40, -1)
  // A drag is not a click: no detail opened.
  await expect(page.getByRole('dialog')).toHaveCount(0)

  // The grid and back: the map is where it was.
  const panned = await centre(a.id)
  await showGrid(page)
  await showMap(page)
  expect((await distance()) / fitted).toBeCloseTo(2.3, 1)
  const back = await centre(a.id)
  expect(Math.hypot(back.x - panned.x, back.y - panned.y)).toBeLessThan(2)

  await page.getByRole('button', { name: 'Fit world' }).click()
  await zoomedBy(1)

  // A touchpad pinch arrives as the wheel with Ctrl held, ten times as strong.
  await page.mouse.move(mapBox.x + mapBox.width / 2, mapBox.y + mapBox.height / 2)
  await page.keyboard.down('Control')
  await page.mouse.wheel(0, -60)
  await page.keyboard.up('Control')
  await zoomedBy(2.3)
  await page.getByRole('button', { name: 'Fit world' }).click()
  await zoomedBy(1)

  // Places at the very same spot: zoomed in, each gets a spot of its own, tied to the place.
  const twins = CATALOG.filter((entry, i) =>
    CATALOG.some((other, j) => j !== i && other.lat === entry.lat && other.lng === entry.lng)
  )
  const twin = twins[0]!
  const sibling = twins.find(
    (entry) => entry !== twin && entry.lat === twin.lat && entry.lng === twin.lng
  )!
  const [atTwin, atSibling] = [await centre(twin.id), await centre(sibling.id)]
  // One spot, to float rounding (3e-5 px apart once in CI: each box is its own float sum).
  expect(Math.hypot(atTwin.x - atSibling.x, atTwin.y - atSibling.y)).toBeLessThan(0.01)
  await showGrid(page)
  await page.getByRole('searchbox', { name: 'Search places' }).fill(String(twin.id))
  await gallery.item(twin.id).click()
  await page.getByRole('button', { name: 'Show on map' }).click()
  await page.getByRole('searchbox', { name: 'Search places' }).fill('')
  // Centred and spread: the two are further apart than two markers are wide (4 px radius each).
  await expect
    .poll(async () => {
      const [p, q] = [await centre(twin.id), await centre(sibling.id)]
      return Math.hypot(p.x - q.x, p.y - q.y)
    })
    .toBeGreaterThanOrEqual(8)
  await expect.poll(() => markersOffSize(page)).toBe(0)
  await expect(worldMap(page).locator('.map-leaders')).toHaveAttribute('d', /M/)
  await page.mouse.move(0, 0)
  // Zoom, pan and their animations set styles through the DOM only: nothing the CSP refuses.
  expect(await cspViolations(page)).toEqual([])
  await screenshot(page, testInfo, 'map-zoomed-light')
})

test('keyboard: Tab into the map, arrows move between places, Enter opens, Escape returns', async ({
  gallery
}) => {
  const { page } = gallery
  await crawl(gallery)
  await showMap(page)
  await page.getByRole('button', { name: 'Download all shown' }).focus()
  await page.keyboard.press('Tab')
  const focused = page.locator('[data-id]:focus')
  await expect(focused).toHaveCount(1)
  await expect(page.locator('.map-tooltip')).toBeVisible()
  const focusedCentre = async () => {
    const box = (await focused.boundingBox())!
    return {
      id: Number(await focused.getAttribute('data-id')),
      x: box.x + box.width / 2,
      y: box.y + box.height / 2
    }
  }
  const start = await focusedCentre()
  await page.keyboard.press('ArrowRight')
  const right = await focusedCentre()
  expect(right.id).not.toBe(start.id)
  expect(right.x).toBeGreaterThanOrEqual(start.x)
  await page.keyboard.press('ArrowDown')
  const down = await focusedCentre()
  expect(down.id).not.toBe(right.id)
  expect(down.y).toBeGreaterThanOrEqual(right.y)
  await page.keyboard.press('ArrowLeft')
  expect((await focusedCentre()).x).toBeLessThanOrEqual(down.x)
  await page.keyboard.press('ArrowUp')
  const current = await focusedCentre()
  await expect(page.locator('.map-tooltip')).toContainText(placeName(byId.get(current.id)!))

  await page.keyboard.press('Enter')
  await expect(page.getByRole('dialog', { name: placeName(byId.get(current.id)!) })).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog')).toHaveCount(0)
  await expect(marker(page, current.id)).toBeFocused()

  // + zooms in twice around the focused place: it stays put, another place moves twice as far.
  const other = marker(page, current.id === start.id ? right.id : start.id)
  const away = async () => {
    const [p, q] = [(await focused.boundingBox())!, (await other.boundingBox())!]
    return Math.hypot(
      p.x + p.width / 2 - q.x - q.width / 2,
      p.y + p.height / 2 - q.y - q.height / 2
    )
  }
  const [held, apart] = [await focusedCentre(), await away()]
  await page.keyboard.press('+')
  await expect.poll(async () => (await away()) / apart).toBeCloseTo(2, 1)
  const now = await focusedCentre()
  expect(Math.hypot(now.x - held.x, now.y - held.y)).toBeLessThan(2)
  await expect.poll(() => markersOffSize(page)).toBe(0)
})

test.describe('with a slow source', () => {
  // 7 rounds of 4 s: the crawl is still under way while the map is looked at.
  test.use({
    standinOptions: { imageSize: 'small', latencyMs: 4_000 },
    appOptions: { ids: WIDE.ids }
  })

  test('markers fill in live as a crawl saves their places', async ({ gallery }) => {
    const { page } = gallery
    await page.getByRole('button', { name: 'Start crawl' }).click()
    await showMap(page)
    await expect(markers(page)).toHaveCount(CATALOG.length)
    // A place not saved yet, tagged to tell the same element from a re-rendered one.
    const pendingId = await markers(page).evaluateAll(
      (all, ids) => {
        const element = all.find(
          (candidate) =>
            !candidate.hasAttribute('data-saved') &&
            ids.includes(Number((candidate as SVGElement).dataset.id))
        )!
        ;(element as unknown as { tag: string }).tag = 'kept'
        return Number((element as SVGElement).dataset.id)
      },
      WIDE.saved.map((entry) => entry.id)
    )
    const saved = () =>
      markers(page).evaluateAll(
        (all) => all.filter((element) => element.hasAttribute('data-saved')).length
      )
    await gallery.waitForCrawlEnd(WIDE.requested)
    await expect.poll(saved).toBe(WIDE.saved.length)
    await expect(marker(page, pendingId)).toHaveAttribute('data-saved', '')
    expect(
      await marker(page, pendingId).evaluate(
        (element) => (element as unknown as { tag?: string }).tag
      )
    ).toBe('kept')
  })
})
