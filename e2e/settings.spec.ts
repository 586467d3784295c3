/**
 * The Settings dialog against the real service: a refused value is explained in place and kept,
 * an accepted one is saved to the settings file and used by the next download.
 */
import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test } from './fixtures/app'

test.use({ appOptions: { ids: '1003-1004' } })

test('settings: a refused template is explained and kept; an accepted one names downloads', async ({
  gallery
}, testInfo) => {
  const { page } = gallery
  await page.getByRole('button', { name: 'Start crawl' }).click()
  await gallery.waitForCrawlEnd(2)

  await page.getByRole('button', { name: 'Settings' }).click()
  const dialog = page.getByRole('dialog', { name: 'Settings' })
  await expect(dialog).toBeVisible()
  const template = dialog.getByLabel('File name')
  await template.fill('photo.jpg')
  await template.press('Enter')
  await expect(dialog.getByText(/must contain \{id\}/).first()).toBeVisible()
  await expect(template).toHaveAttribute('aria-invalid', 'true')
  await page.keyboard.press('Escape')
  await expect(dialog).toBeVisible()
  await expect(template).toHaveValue('photo.jpg')

  await template.fill('{id} {country}')
  await template.press('Enter')
  await expect(template).toHaveAttribute('aria-invalid', 'false')
  await expect(dialog.getByText('1004 Chile.jpg')).toBeVisible()
  const shot = testInfo.outputPath('settings.png')
  await page.screenshot({ path: shot })
  await testInfo.attach('settings', { path: shot, contentType: 'image/png' })
  await dialog.getByRole('button', { name: 'Close' }).click()
  await expect(dialog).toHaveCount(0)

  const saved = JSON.parse(await readFile(join(gallery.dataDir, 'settings.json'), 'utf8'))
  expect(saved.filenameTemplate).toBe('{id} {country}')
  await page.getByRole('button', { name: 'Choose download folder' }).click()
  await gallery.item(1004).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Download', exact: true }).click()
  await expect.poll(() => readdir(gallery.downloadDir)).toEqual(['1004 Chile.jpg'])
})
