import { mkdir, mkdtemp, readFile, readdir, rm, truncate } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { unpackCatalog, unpackLibrary } from '@shared/state-columns'
import {
  finished,
  serviceHarness,
  type ServiceHarness,
  type ServiceHarnessOptions
} from '../../../../test/support/service-harness'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function harness(options: ServiceHarnessOptions): Promise<ServiceHarness> {
  return serviceHarness(options, cleanups)
}

describe('GalleryService', () => {
  it('crawls into the library, batching items and throttling progress, and reports the state', async () => {
    const { service, standin, data, events } = await harness({ ids: '1003-1030' })
    const done = finished(service)
    const started = await service.startCrawl({})
    expect(started.requested).toBe(28)
    await expect(service.startCrawl({})).rejects.toMatchObject({ code: 'busy' })
    const summary = await done

    const state = await service.getState()
    const savedIds = state.library.ids
    expect(summary.saved).toBe(savedIds.length)
    expect(summary.saved + summary.missing).toBe(28)
    for (const id of savedIds) {
      expect(
        (await readFile(join(data, 'library', `${id}.jpg`))).equals(standin.expectedJpeg(id))
      ).toBe(true)
    }
    const added = (events.itemsAdded ?? []).flat().map((record) => record.id)
    expect(added.sort()).toEqual(savedIds.sort())
    // The compact state unpacks into exactly the places the crawl announced.
    const catalog = unpackCatalog(state.catalog)
    expect(catalog.length).toBeGreaterThanOrEqual(2609)
    const places = unpackLibrary(state.library, new Map(catalog.map((entry) => [entry.id, entry])))
    expect([...places.values()].sort((a, b) => a.id - b.id)).toEqual(
      (events.itemsAdded ?? [])
        .flat()
        .map(({ bytes: _b, sha256: _s, savedAt: _t, ...place }) => place)
        .sort((a, b) => a.id - b.id)
    )
    // Items arrive in batches, not one message each.
    expect(events.itemsAdded!.length).toBeLessThan(savedIds.length)
    const last = events.crawlProgress!.at(-1)!
    expect(last).toMatchObject({ state: 'finished', done: 28, requested: 28 })
    expect(state.crawl).toMatchObject({ done: 28, requested: 28 })
  })

  it('serves images and thumbnails only from its own folders', async () => {
    const { service } = await harness({ ids: '1003-1004' })
    const done = finished(service)
    await service.startCrawl({})
    await done
    const image = await service.resolveMedia('image', '1003')
    expect(image).toMatchObject({ contentType: 'image/jpeg' })
    const thumb = await service.resolveMedia('thumb', '1003')
    expect(thumb?.path).toMatch(/thumbnails/)
    expect((await readFile(thumb!.path)).length).toBeGreaterThan(100)
    for (const bad of ['../settings', '1003.jpg', '01003', '-1', '1003/..', '%2e%2e', '99999']) {
      expect(await service.resolveMedia('image', bad), bad).toBeNull()
    }
    expect(await service.resolveMedia('settings', '1003')).toBeNull()
  })

  it('tells the page when a thumbnail is remade because its image was saved anew', async () => {
    const first = await harness({ ids: '1003-1004' })
    let done = finished(first.service)
    await first.service.startCrawl({})
    await done
    const thumb = (await first.service.resolveMedia('thumb', '1003'))!.path
    await first.service.resolveMedia('thumb', '1004')
    await first.close()

    // The saved image was cut short (a crash, a full disk): the library drops it when it opens,
    // and the next crawl fetches it again.
    await truncate(join(first.data, 'library', '1003.jpg'), 1000)
    const again = await harness({ ids: '1003-1004', data: first.data })
    const announced = new Promise<number[]>((resolve) => {
      const off = again.service.on('thumbnailsReady', (ids) => {
        off()
        resolve(ids)
      })
    })
    done = finished(again.service)
    await again.service.startCrawl({})
    expect(await done).toMatchObject({ saved: 1, skipped: 1 })
    // Remade in the background, without the page asking, and announced in a batch.
    expect(await announced).toEqual([1003])
    expect((await again.service.resolveMedia('thumb', '1003'))!.path).toBe(thumb)
  })

  it('keeps favorites and validates settings, telling the page about changes', async () => {
    const { service, events } = await harness({ ids: '1003' })
    await service.setFavorite(1003, true)
    await service.setFavorite(1004, true)
    expect((await service.setFavorite(1003, false)).favorites).toEqual([1004])
    await expect(service.updateSettings({ concurrency: 0 })).rejects.toMatchObject({
      code: 'invalid-argument',
      field: 'concurrency'
    })
    expect(events.settingsChanged!.map((settings) => settings.favorites)).toEqual([
      [1003],
      [1003, 1004],
      [1004]
    ])
  })

  it('downloads to the chosen folder, fetching what the library lacks', async () => {
    const downloads = join(await mkdtemp(join(tmpdir(), 'evg-downloads-')), 'Earth View')
    await mkdir(downloads)
    const { service, standin } = await harness({ ids: '1003', pickFolder: downloads })
    expect(await service.chooseDownloadFolder()).toMatchObject({ downloadFolder: downloads })
    const result = await service.exportItems([1003, 1004])
    expect(result.failed).toEqual([])
    expect(result.fetched).toBe(2)
    expect((await readdir(downloads)).sort()).toEqual(
      ['Australia (1003).jpg', 'Chile - Tamarugal (1004).jpg'].sort()
    )
    expect(standin.attempts(1004)).toBe(1)
  })

  it('creates the default download folder on first use, but not a chosen folder that has gone', async () => {
    const home = await mkdtemp(join(tmpdir(), 'evg-home-'))
    const defaultFolder = join(home, 'Pictures', 'Earth View')
    const { service } = await harness({ ids: '1003', defaultDownloadFolder: defaultFolder })
    expect(await service.exportItems([1003])).toMatchObject({ failed: [] })
    expect(await readdir(defaultFolder)).toEqual(['Australia (1003).jpg'])
    await rm(defaultFolder, { recursive: true })
    // A chosen folder must exist when it is chosen; here it is unplugged afterwards.
    await mkdir(join(home, 'Gone'))
    await service.updateSettings({ downloadFolder: join(home, 'Gone') })
    await rm(join(home, 'Gone'), { recursive: true })
    await expect(service.exportItems([1003])).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringMatching(/no longer exists/)
    })
  })

  it('gives up quickly on a source it cannot reach, and says what to do', async () => {
    const { service, standin } = await harness({ ids: '1003-1030' })
    await standin.close()
    const errors: string[] = []
    service.on('error', (error) => errors.push(error.message))
    const done = finished(service)
    await service.startCrawl({})
    const summary = await done
    expect(summary.saved).toBe(0)
    expect(summary.failed).toHaveLength(28)
    expect(errors).toEqual([
      expect.stringMatching(
        /^Cannot reach the Earth View service: connection refused\. Check your internet connection/
      )
    ])
    expect((await service.getState()).failures).toHaveLength(28)
  })

  it('opens only Google Maps links, for images it knows', async () => {
    const { service, opened } = await harness({ ids: '1003' })
    await service.openInMaps(1003)
    expect(opened).toEqual([
      expect.stringMatching(/^https:\/\/www\.google\.com\/maps\/@-10\.040181,143\.560709,/)
    ])
    await expect(service.openInMaps(4)).rejects.toMatchObject({ code: 'not-found' })
  })

  it('reports a cancelled folder pick as null and keeps the old folder', async () => {
    const { service } = await harness({ ids: '1003', pickFolder: null })
    const before = (await service.getState()).settings.downloadFolder
    expect(await service.chooseDownloadFolder()).toBeNull()
    expect((await service.getState()).settings.downloadFolder).toBe(before)
  })
})
