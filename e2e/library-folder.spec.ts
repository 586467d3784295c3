/**
 * A saved library folder that has become unusable (here: a file now stands where it was) no
 * longer keeps the app from starting: the page says why and offers to choose another folder,
 * and the one chosen is opened before it is saved. A usable one can be changed in Settings.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from './fixtures/app'
import { startStandin } from './standin/server'
import { startBridgeProcess } from './fixtures/bridge'

test('an unusable library folder: the page says why, and another folder can be chosen', async ({
  page
}, testInfo) => {
  testInfo.skip(testInfo.project.name !== 'web', 'the browser bridge answers the folder picker')
  const root = await mkdtemp(join(tmpdir(), 'evg-e2e-library-'))
  const standin = await startStandin({ imageSize: 'small' })
  try {
    const data = join(root, 'data')
    const broken = join(root, 'library')
    const chosen = join(root, 'chosen library')
    await mkdir(data)
    await writeFile(broken, 'a file now stands where the library was')
    await writeFile(join(data, 'settings.json'), JSON.stringify({ libraryFolder: broken }))
    const bridge = await startBridgeProcess({
      data,
      source: standin.url,
      ids: '1003',
      pickFolder: chosen
    })
    try {
      await page.goto(bridge.url)
      const alert = page.getByRole('alert')
      await expect(alert.getByRole('heading')).toHaveText('The library folder cannot be used')
      await expect(alert).toContainText(`${broken} is a file, not a folder`)
      await expect(page.getByRole('button', { name: 'Start crawl' })).toHaveCount(0)
      const shot = testInfo.outputPath('library-unusable.png')
      await page.screenshot({ path: shot })
      await testInfo.attach('library unusable', { path: shot, contentType: 'image/png' })

      await alert.getByRole('button', { name: 'Choose another folder…' }).click()
      await page.getByRole('button', { name: 'Start crawl' }).click()
      await expect(page.locator('[data-id="1003"] img')).toBeVisible()
      const saved = JSON.parse(await readFile(join(data, 'settings.json'), 'utf8'))
      expect(saved.libraryFolder).toBe(chosen)
      expect(await readFile(broken, 'utf8')).toBe('a file now stands where the library was')
    } finally {
      await bridge.stop()
    }
  } finally {
    await standin.close()
    await rm(root, { recursive: true, force: true })
  }
})

const savedImages = async (folder: string) =>
  (await readdir(folder)).filter((name) => /^\d+\.jpg$/.test(name)).sort()

test.describe('changing the library folder in Settings', () => {
  // 1010's document waits until the test releases it: a crawl that is still running.
  test.use({ appOptions: { ids: '1003-1010' }, standinOptions: { holdBack: [1010] } })

  test('waits for the crawl to end, then shows the chosen folder and moves nothing', async ({
    gallery
  }, testInfo) => {
    testInfo.skip(gallery.kind !== 'web', 'the browser bridge answers the folder picker')
    const { page } = gallery
    const before = join(gallery.dataDir, 'library')
    await page.getByRole('button', { name: 'Start crawl' }).click()
    await expect(page.locator('[data-saved]').first()).toBeVisible()

    const settingsDialog = async () => {
      await page.getByRole('button', { name: 'Settings' }).click()
      return page.getByRole('dialog', { name: 'Settings' })
    }
    let dialog = await settingsDialog()
    const choose = dialog.getByRole('button', { name: 'Choose library folder' })
    await expect(choose).toBeDisabled()
    await expect(choose).toHaveAccessibleDescription(
      'The library folder can change once the crawl has ended.'
    )
    await page.keyboard.press('Escape')

    gallery.standin.release()
    await gallery.waitForCrawlEnd(8)
    const saved = await savedImages(before)
    expect(saved.length).toBeGreaterThan(0)

    dialog = await settingsDialog()
    await dialog.getByRole('button', { name: 'Choose library folder' }).click()
    // The picker answers the fixture's download folder: empty, so nothing is saved there yet.
    await expect(dialog.getByLabel('Images are kept in')).toHaveValue(gallery.downloadDir)
    await expect(
      page.getByRole('status').filter({ hasText: 'Library folder changed' })
    ).toBeVisible()
    const shot = testInfo.outputPath('library-folder-changed.png')
    await dialog.getByRole('region', { name: 'Library' }).screenshot({ path: shot })
    await testInfo.attach('library folder changed', { path: shot, contentType: 'image/png' })
    await page.keyboard.press('Escape')
    await expect(page.locator('[data-saved]')).toHaveCount(0)
    expect(await savedImages(before)).toEqual(saved)
    const settings = JSON.parse(await readFile(join(gallery.dataDir, 'settings.json'), 'utf8'))
    expect(settings.libraryFolder).toBe(gallery.downloadDir)
  })
})
