/**
 * Issue 5 end to end: the wallpaper set from the detail view on a real (private) GNOME settings
 * session, and downloads with exact bytes, expected names, and the error paths.
 */
import { readFile, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { placeName } from '../src/shared/catalog'
import { Catalog } from '../src/main/core/catalog/catalog'
import { addEarthViewExif } from '../src/main/core/export/jpeg-exif'
import { pathFromGsettingsUri } from './fixtures/desktop'
import { crawlFromPage as crawl, expect, test } from './fixtures/gnome-app'

const catalog = new Catalog()

test('Set as wallpaper from the detail view points both GNOME keys at the exact image', async ({
  gallery,
  gnome
}) => {
  test.skip(gallery.kind !== 'web', 'the Electron project runs on the machine’s own desktop')
  const { page } = gallery
  await crawl(gallery)
  const before = await gnome.get('picture-uri')

  await gallery.item(1004).click()
  const dialog = page.getByRole('dialog', { name: placeName(catalog.get(1004)!) })
  await expect(dialog).toBeVisible()
  await dialog.getByRole('button', { name: 'Set as wallpaper' }).click()
  await expect(page.getByText(/The wallpaper is set/)).toBeVisible()

  const library = await readFile(join(gallery.dataDir, 'library', '1004.jpg'))
  const light = await gnome.get('picture-uri')
  const dark = await gnome.get('picture-uri-dark')
  expect(light).not.toBe(before)
  for (const value of [light, dark]) {
    const file = pathFromGsettingsUri(value)
    // A copy in the data folder, so the wallpaper survives changes to the library.
    expect(file.startsWith(join(gallery.dataDir, 'wallpaper'))).toBe(true)
    expect((await readFile(file)).equals(library)).toBe(true)
  }
  expect(await gnome.get('picture-options')).toBe("'zoom'")
})

test('downloads carry exact bytes and place names; identical files are skipped; a vanished folder is explained', async ({
  gallery
}) => {
  const { page } = gallery
  await crawl(gallery)
  await page.getByRole('button', { name: 'Choose download folder' }).click()
  await expect(page.getByRole('contentinfo').getByText(gallery.downloadDir)).toBeVisible()

  await gallery.item(1003).click({ modifiers: ['ControlOrMeta'] })
  await gallery.item(1004).click({ modifiers: ['ControlOrMeta'] })
  await page.getByRole('button', { name: 'Download 2 selected' }).click()
  const expected = new Map([
    ['Australia (1003).jpg', 1003],
    ['Chile - Tamarugal (1004).jpg', 1004]
  ])
  await expect
    .poll(async () => (await readdir(gallery.downloadDir)).sort())
    .toEqual([...expected.keys()].sort())
  for (const [name, id] of expected) {
    const library = await readFile(join(gallery.dataDir, 'library', `${id}.jpg`))
    // The library's JPEG with the place, coordinates and attribution spliced in as EXIF, not re-encoded.
    const downloaded = await readFile(join(gallery.downloadDir, name))
    expect(downloaded.equals(addEarthViewExif(library, catalog.get(id)!))).toBe(true)
  }

  // Downloading the same images again adds no duplicates.
  await page.getByRole('button', { name: 'Download 2 selected' }).click()
  await expect(page.getByText(/already there|skipped/i).first()).toBeVisible()
  expect((await readdir(gallery.downloadDir)).sort()).toEqual([...expected.keys()].sort())

  // The folder disappears (an unplugged drive): the person is told what failed and what to do.
  await rm(gallery.downloadDir, { recursive: true })
  await page.getByRole('button', { name: 'Download 2 selected' }).click()
  await expect(page.getByText(/no longer exists\. Choose another folder/)).toBeVisible()
})
