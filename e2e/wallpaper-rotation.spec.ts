/**
 * Issue 11 end to end, through the browser bridge: the wallpaper rotation on a real (private)
 * GNOME settings session, across a restart of the bridge; and the system notification of a
 * crawl that ends while the page is not focused.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { GalleryApp } from './fixtures/app'
import { pathFromGsettingsUri } from './fixtures/desktop'
import { crawlFromPage as crawl, expect, test } from './fixtures/gnome-app'

const FAVORITES = [1003, 1004, 1006]

async function favorite(gallery: GalleryApp, id: number) {
  const { page } = gallery
  await gallery.item(id).click({ button: 'right' })
  const menu = page.getByRole('menu')
  await menu.getByRole('menuitemcheckbox', { name: 'Favorite' }).click()
  await expect(menu).toHaveCount(0)
  await expect(gallery.item(id)).toHaveAccessibleDescription(/Favorite/)
}

test('Next wallpaper walks the favorites without repeats, and a restart continues the bag', async ({
  gallery,
  gnome
}, testInfo) => {
  test.skip(gallery.kind !== 'web', 'the Electron project runs on the machine’s own desktop')
  // A crawl, six wallpaper changes each read back from dconf, and a second bridge start.
  test.setTimeout(120_000)
  const { page } = gallery
  await crawl(gallery)
  for (const id of FAVORITES) await favorite(gallery, id)

  await page.getByRole('button', { name: 'Settings' }).click()
  const settings = page.getByRole('dialog', { name: 'Settings' })
  await settings.getByLabel('Change wallpaper').selectOption({ label: 'Every day' })
  await settings.getByLabel('Choose from').selectOption({ label: 'Favorites' })
  await expect(settings.getByText('The images you marked as Favorite. Now 3 images.')).toBeVisible()
  await settings.getByRole('button', { name: 'Close' }).click()
  await expect(settings).toHaveCount(0)
  await expect(page.getByText(/^Next change at \d/)).toBeVisible()

  const library = new Map<number, Buffer>()
  for (const id of FAVORITES) {
    library.set(id, await readFile(join(gallery.dataDir, 'library', `${id}.jpg`)))
  }

  /** The favorite both GNOME keys point at, by the exact bytes of the file. */
  async function shownOnDesktop(): Promise<number> {
    const light = await gnome.get('picture-uri')
    const dark = await gnome.get('picture-uri-dark')
    expect(dark).toBe(light)
    const bytes = await readFile(pathFromGsettingsUri(light))
    expect((await readFile(pathFromGsettingsUri(dark))).equals(bytes)).toBe(true)
    const id = FAVORITES.find((favoriteId) => library.get(favoriteId)!.equals(bytes))
    expect(id, `the wallpaper ${light} is none of the favorites`).toBeDefined()
    return id!
  }

  async function press(): Promise<number> {
    const before = await gnome.get('picture-uri')
    const button = page.getByRole('button', { name: 'Next wallpaper' })
    await button.click()
    // Never the same twice in a row: the desktop's setting moves to another file every time.
    await expect.poll(() => gnome.get('picture-uri')).not.toBe(before)
    await expect(button).toBeEnabled()
    return shownOnDesktop()
  }

  const shown: number[] = []
  for (let i = 0; i < 3; i++) shown.push(await press())
  // Each press showed a different favorite until all three were shown.
  expect([...shown].sort()).toEqual(FAVORITES)
  // A new round, which does not start with the image on the desktop.
  shown.push(await press())
  expect(shown[3]).not.toBe(shown[2])
  shown.push(await press())
  expect(shown[4]).not.toBe(shown[3])
  const shot = testInfo.outputPath('rotation.png')
  await page.screenshot({ path: shot })
  await testInfo.attach('rotation', { path: shot, contentType: 'image/png' })

  const wallpaperBefore = await gnome.get('picture-uri')
  await gallery.restart()
  await expect(gallery.page.getByText(/^Next change at \d/)).toBeVisible()
  // Nothing was due, so the start changed nothing.
  expect(await gnome.get('picture-uri')).toBe(wallpaperBefore)
  expect(await shownOnDesktop()).toBe(shown[4])

  await gallery.page.getByRole('button', { name: 'Settings' }).click()
  const reopened = gallery.page.getByRole('dialog', { name: 'Settings' })
  await expect(reopened.getByLabel('Change wallpaper').locator('option:checked')).toHaveText(
    'Every day'
  )
  await expect(reopened.getByLabel('Choose from').locator('option:checked')).toHaveText('Favorites')
  await reopened.getByRole('button', { name: 'Close' }).click()

  // The bag survived: this round showed shown[3] and shown[4], so only the third is left.
  const next = await press()
  expect(next).toBe(FAVORITES.find((id) => id !== shown[3] && id !== shown[4]))
})

test('"Next wallpaper" with no favorites says what to do and changes nothing', async ({
  gallery,
  gnome
}) => {
  test.skip(gallery.kind !== 'web', 'the Electron project runs on the machine’s own desktop')
  const { page } = gallery
  const before = await gnome.get('picture-uri')
  await page.getByRole('button', { name: 'Next wallpaper' }).click()
  await expect(page.getByText('No images to choose from')).toBeVisible()
  await expect(
    page.getByText(/You have no favorites yet\. Mark some images as Favorite/)
  ).toBeVisible()
  expect(await gnome.get('picture-uri')).toBe(before)
})

test('a crawl that ends while the page is not focused raises one notification', async ({
  gallery,
  context
}) => {
  test.skip(gallery.kind !== 'web', 'in the app the main process raises it (Electron Notification)')
  const { page } = gallery
  await context.grantPermissions(['notifications'], { origin: gallery.bridge!.url })
  // Counts every Notification the page constructs.
  await page.addInitScript(() => {
    const Original = window.Notification
    const shown: { title: string; body: string | undefined }[] = []
    ;(window as unknown as { shownNotifications: typeof shown }).shownNotifications = shown
    window.Notification = class extends Original {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options)
        shown.push({ title, body: options?.body })
      }
    }
  })
  await page.reload()
  const shown = () =>
    page.evaluate(
      () =>
        (window as unknown as { shownNotifications: { title: string; body?: string }[] })
          .shownNotifications
    )

  // Playwright makes every page think it has the focus; without that emulation, bringing another
  // page of the same browser to the front takes the focus from ours, as switching windows does.
  const cdp = await context.newCDPSession(page)
  await cdp.send('Emulation.setFocusEmulationEnabled', { enabled: false })
  const other = await context.newPage()
  await other.bringToFront()
  await expect.poll(() => page.evaluate(() => document.hasFocus())).toBe(false)

  // A click would give the focus back; the event alone starts the crawl as the button would.
  await page.getByRole('button', { name: 'Start crawl' }).dispatchEvent('click')
  await gallery.waitForCrawlEnd(4)
  await expect(page.getByText('Crawl finished', { exact: true })).toBeVisible()
  expect(await page.evaluate(() => document.hasFocus())).toBe(false)
  expect(await shown()).toEqual([
    { title: 'Crawl finished', body: expect.stringMatching(/^Saved \d images/) }
  ])

  // With the focus back, the toast is enough: no second notification.
  await page.bringToFront()
  await expect.poll(() => page.evaluate(() => document.hasFocus())).toBe(true)
  await page.getByRole('button', { name: 'Start crawl' }).click()
  await expect(page.getByText(/already in the library/)).toBeVisible()
  expect(await shown()).toHaveLength(1)
  await other.close()
})
