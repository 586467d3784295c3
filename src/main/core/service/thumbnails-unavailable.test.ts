/**
 * A sharp that cannot be loaded costs thumbnails and nothing else: one error event for the page
 * (a toast), thumbnail requests fail (tiles keep their colour), and the rest of the app works.
 * The load failures are real: a module that does not exist, in this thread or in a worker.
 */
import { rm } from 'node:fs/promises'
import { afterEach, describe, expect, it } from 'vitest'
import type { GalleryEvents } from '@shared/api'
import { serviceHarness } from '../../../../test/support/service-harness'
import { NativeSharpEngine, WasmSharpEngine, type ImageEngine } from '../imaging'

const MISSING = 'sharp-is-not-installed'
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

describe.each([
  {
    name: 'native sharp fails to import',
    engine: (): ImageEngine => new NativeSharpEngine({ load: () => import(MISSING as string) })
  },
  {
    name: 'the WebAssembly worker fails to load sharp',
    engine: (): ImageEngine => new WasmSharpEngine({ sharp: MISSING })
  }
])('when $name', ({ engine: makeEngine }) => {
  it('says so once, fails only thumbnails, and everything else keeps working', async () => {
    const engine = makeEngine()
    cleanups.push(() => engine.close())
    const { service, data } = await serviceHarness(
      { ids: '1003-1012', imageEngine: engine },
      cleanups
    )
    cleanups.unshift(() => rm(data, { recursive: true, force: true }))

    const errors: GalleryEvents['error'][] = []
    const firstError = new Promise<void>((resolve) =>
      service.on('error', (error) => {
        errors.push(error)
        resolve()
      })
    )
    const finished = new Promise<GalleryEvents['crawlFinished']>((resolve) =>
      service.on('crawlFinished', resolve)
    )
    await service.startCrawl({})
    const summary = await finished
    expect(summary.saved).toBeGreaterThan(2)
    // The crawl's saved images were queued for thumbnails: that is where it is found out.
    await firstError

    const { library } = await service.getState()
    expect(library.ids.length).toBe(summary.saved)
    for (const saved of library.ids) {
      const id = String(saved)
      await expect(service.resolveMedia('thumb', id)).rejects.toMatchObject({
        code: 'unsupported'
      })
      expect(await service.resolveMedia('image', id)).toMatchObject({ contentType: 'image/jpeg' })
    }

    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({ code: 'unsupported' })
    expect(errors[0]!.message).toMatch(/^Thumbnails cannot be made: the image library could not/)
    expect(errors[0]!.message).toContain(MISSING)
  })
})
