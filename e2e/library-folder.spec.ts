/**
 * A saved library folder that has become unusable (here: a file now stands where it was) no
 * longer keeps the app from starting: the page says why and offers to choose another folder,
 * and the one chosen is opened before it is saved.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
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
